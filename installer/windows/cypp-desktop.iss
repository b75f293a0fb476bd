; Inno Setup 6 script for the Windows installer of CYPP Desktop.
;
; Built on Windows, after the bundle (docs/installing.md):
;     py installer\build.py --setup
; which runs, with the version from pyproject.toml:
;     ISCC.exe /DAppVersion=0.1.0 /DBundle=dist\cypp-desktop /Odist installer\windows\cypp-desktop.iss
;
; The installer copies the one-folder bundle into Program Files (or, for a user without
; administrator rights, their own programs folder), adds Start menu entries, registers the
; .cypp file type so that plans open in the app, and puts cypp-desktop-cli.exe (the same app
; with a console, for the headless commands) beside cypp-desktop.exe. IT deploys it silently:
;     cypp-desktop-0.1.0-setup.exe /VERYSILENT /ALLUSERS /NORESTART

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=0.1.0 (installer\build.py --setup does)
#endif
#ifndef Bundle
  #define Bundle "..\..\dist\cypp-desktop"
#endif

#define AppName "CYPP Desktop"
#define AppExe "cypp-desktop.exe"
#define ProgId "CYPPDesktop.Plan"

[Setup]
; A fixed id, so that a newer version upgrades this one in place.
AppId={{5E0B7C2A-3C9D-4E57-9A7F-2B6D0C4E8F11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CYPP Desktop developers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per machine by default; a user without administrator rights may install for themselves.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputBaseFilename=cypp-desktop-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\cypp-desktop.ico
UninstallDisplayIcon={app}\{#AppExe}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; The previous version's libraries, so that no stale file outlives an upgrade.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\{#AppName} licences"; Filename: "{app}\_internal\resources\licences"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; .cypp opens in the app; the file type has its own name and icon.
Root: HKA; Subkey: "Software\Classes\.cypp"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.cypp\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "CYPP plan"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".cypp"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
