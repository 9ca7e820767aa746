/// A key as the front end forwards it. All key behaviour lives in the view models; the
/// terminal layer only decodes its key codes into these.
public enum KeyPress: Sendable, Hashable {
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, backspace, delete, insert, tab, backTab
    case char(Character)
    case ctrl(Character)
    case paste(String)
    case function(Int)
}
