"""What the layout tests measure in the page, shared by the tests of narrow screens: elements
that run past the right edge of the screen, and buttons whose text wrapped into detached
boxes."""

# Visible elements (with a size) whose right edge is beyond the screen's width.
WIDER_THAN_THE_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
        .filter(e => {
            const box = e.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && box.right > width + 0.5
                && e.checkVisibility({visibilityProperty: true});
        })
        .map(e => e.tagName + '.' + e.className);
}"""

# Buttons and links styled as buttons (any class with « button » in it), and the library's
# chips, drawn in more than one box: their text wrapped and their border split.
SPLIT_BUTTONS = """() => [...document.querySelectorAll('button, a[class*="button"], .chip')]
    .filter(e => e.checkVisibility() && e.getClientRects().length > 1)
    .map(e => e.textContent.trim())"""


def overflowing(page):
    return page.evaluate(WIDER_THAN_THE_SCREEN)


def split_buttons(page):
    return page.evaluate(SPLIT_BUTTONS)


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")
