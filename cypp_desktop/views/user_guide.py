"""Help > User Guide (F1): the guide, read inside the app, with its contents and a find box.

The guide is one Markdown file shipped in resources/guide/ (docs/user-guide.md points to
it), found through resource_path, so the same text reads on GitHub, in a checkout and in
the installed bundle. Its screenshots are drawn to fit the window and open full size in the
system's image viewer when clicked. F1 opens the guide at the section about the page on
screen.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cypp_desktop.paths import resource_path

GUIDE = "guide/user-guide.md"
IMAGE_MARGIN = 48  # the text's own margins and a scroll bar, beside an image drawn to fit
BlockRole = Qt.ItemDataRole.UserRole


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading (``#a-meeting-cycle``), so the guide's own links
    work in both places."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


class UserGuideWindow(QDialog):
    def __init__(self, parent: QWidget | None = None, guide: Path | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("userGuide")
        self.setWindowTitle("CYPP Desktop User Guide")
        self.setAccessibleName("User guide")
        self.path = guide or resource_path(GUIDE)

        self.contents = QListWidget()
        self.contents.setObjectName("userGuideContents")
        self.contents.setAccessibleName("Guide contents")
        self.contents.ensurePolished()  # rows laid out with the style sheet's padding
        self.contents.itemActivated.connect(self._contents_chosen)
        self.contents.currentItemChanged.connect(
            lambda item, _previous: self._contents_chosen(item) if item is not None else None
        )
        self.text = QTextBrowser()
        self.text.setObjectName("userGuideText")
        self.text.setAccessibleName("User guide text")
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self.follow)
        self.text.document().setDocumentMargin(12)

        self.find_box = QLineEdit()
        self.find_box.setAccessibleName("Find in the guide")
        self.find_box.setPlaceholderText("Word or phrase; Enter finds the next, F3 again")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(lambda: self.find_text(self.find_box.text()))
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.find_box)
        self.find_result = QLabel()
        self.find_result.setAccessibleName("Find result")
        QShortcut(QKeySequence.StandardKey.Find, self, self.find_box.setFocus)
        QShortcut(QKeySequence("F3"), self, lambda: self.find_text(self.find_box.text()))
        QShortcut(
            QKeySequence("Shift+F3"),
            self,
            lambda: self.find_text(self.find_box.text(), backward=True),
        )

        finder = QHBoxLayout()
        finder.addWidget(find_label)
        finder.addWidget(self.find_box, 1)
        finder.addWidget(self.find_result)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 940])
        layout = QVBoxLayout(self)
        layout.addLayout(finder)
        layout.addWidget(splitter, 1)
        self._fit_timer = QTimer(self, singleShot=True, interval=50)
        self._fit_timer.timeout.connect(self._fit_images)
        # The heading asked for stays at the top while the layout settles (the window is
        # shown, the screenshots are fitted to its width), then scrolling is the reader's.
        self._target: int | None = None
        self._settle = QTimer(self, singleShot=True, interval=400)
        self._settle.timeout.connect(self._settled)
        self.text.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self._scroll_to_target()
        )
        available = self.screen().availableGeometry()
        self.resize(
            min(1200, int(available.width() * 0.9)), min(820, int(available.height() * 0.9))
        )
        self.load(self.path)

    # Reading -------------------------------------------------------------------------------

    def load(self, path: Path) -> None:
        self.path = path
        self.text.setSource(
            QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource
        )
        self.contents.blockSignals(True)
        self.contents.clear()
        for level, title, block in self.headings():
            if level in (2, 3):
                item = QListWidgetItem(("      " if level == 3 else "") + title)
                item.setData(BlockRole, block)
                self.contents.addItem(item)
        self.contents.blockSignals(False)
        self._fit_images()

    def headings(self) -> list[tuple[int, str, int]]:
        """(level, text, block number) of every heading, in order."""
        found = []
        block = self.text.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level:
                found.append((level, block.text().strip(), block.blockNumber()))
            block = block.next()
        return found

    def go_to(self, heading: str) -> bool:
        """Scroll to the first heading with this text or anchor; False if there is none."""
        for _level, title, number in self.headings():
            if heading in (title, slug(title)):
                self._scroll_to(number)
                return True
        return False

    def _contents_chosen(self, item: QListWidgetItem) -> None:
        number = item.data(BlockRole)
        if isinstance(number, int):
            self._scroll_to(number)

    def _scroll_to(self, number: int) -> None:
        self._target = number
        self._scroll_to_target()
        self._settle.start()

    def _scroll_to_target(self) -> None:
        if self._target is None:
            return
        block = self.text.document().findBlockByNumber(self._target)
        self.text.setTextCursor(QTextCursor(block))
        top = self.text.document().documentLayout().blockBoundingRect(block).top()
        self.text.verticalScrollBar().setValue(int(top))

    def _settled(self) -> None:
        self._scroll_to_target()
        self._target = None

    def top_heading(self) -> str:
        """The heading at the top of the view (for tests and for the contents' highlight)."""
        cursor = self.text.cursorForPosition(self.text.viewport().rect().topLeft())
        block = cursor.block()
        while block.isValid() and not block.blockFormat().headingLevel():
            block = block.next()
        return block.text().strip() if block.isValid() else ""

    def follow(self, url: QUrl) -> None:
        """A link in the guide: another heading, another guide page, or (a screenshot, a web
        page) whatever the system opens it with."""
        if url.scheme() in ("", "file") and not url.path() and url.fragment():
            self.go_to(url.fragment())
            return
        target = self.text.source().resolved(url)
        if target.isLocalFile() and target.toLocalFile().endswith(".md"):
            self.load(Path(target.toLocalFile()))
            if url.fragment():
                self.go_to(url.fragment())
            return
        QDesktopServices.openUrl(target)

    def find_text(self, text: str, *, backward: bool = False) -> bool:
        """Select the next match (or previous), wrapping round at the end of the guide."""
        self._target = None  # the reader has moved on from any heading asked for
        if not text:
            self.find_result.clear()
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.text.find(text, flags)
        if not found:
            start = QTextCursor(self.text.document())
            start.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            self.text.setTextCursor(start)
            found = self.text.find(text, flags)
        self.find_result.setText("" if found else "Not found")
        return found

    # Screenshots drawn to fit --------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def _fit_images(self) -> None:
        """Draw each screenshot no wider than the text, scaled smoothly once, here, rather
        than squeezed pixel by pixel as the text is painted; a click opens it full size."""
        room = max(200, self.text.viewport().width() - IMAGE_MARGIN)
        ratio = self.text.devicePixelRatioF()
        document = self.text.document()
        folder = Path(self.text.source().toLocalFile()).parent
        cursor = QTextCursor(document)
        fitted: list[tuple[int, QTextImageFormat]] = []
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                image = fragment.charFormat().toImageFormat()
                if fragment.charFormat().isImageFormat() and image.isValid():
                    fitted.append((fragment.position(), image))
                fragments += 1
            block = block.next()
        for position, image in fitted:
            picture = QImage(str(folder / image.name()))
            if picture.isNull():
                continue
            width = min(picture.width(), room)
            if round(image.width()) == width:
                continue
            if width < picture.width():
                picture = picture.scaledToWidth(
                    round(width * ratio), Qt.TransformationMode.SmoothTransformation
                )
                picture.setDevicePixelRatio(ratio)
            # Looked up under the address resolved against the guide's own (Qt 6).
            place = document.baseUrl().resolved(QUrl(image.name()))
            document.addResource(QTextDocument.ResourceType.ImageResource, place, picture)
            image.setWidth(width)
            image.setHeight(picture.height() / picture.devicePixelRatio())
            image.setAnchor(True)  # a click opens it full size
            image.setAnchorHref(image.name())
            image.setToolTip("Click to see it full size")
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(image)


def show_user_guide(parent: QWidget, page: str | None = None) -> UserGuideWindow:
    """Show the guide (one window per parent, reused), at the section about ``page``."""
    window = parent.findChild(UserGuideWindow)
    if window is None:
        window = UserGuideWindow(parent)
    if page:
        window.go_to(page)
    if window.isVisible():  # behind the main window, perhaps: bring it forward
        window.raise_()
    window.show()
    window.activateWindow()
    return window
