// libqrencode (Debian: libqrencode-dev; pkg-config: libqrencode), for the sign-in QR code.
#ifndef CQRENCODE_SHIM_H
#define CQRENCODE_SHIM_H
#include <qrencode.h>

/// Encodes `text` (8-bit mode, error correction level L: a screen is not a scratched sticker, and the smaller code fits more terminals, smallest version that fits) and
/// copies its modules into `out` as 0/1, row by row. Returns the side length, 0 when the
/// text does not fit into `capacity` cells or encoding failed. One call, no pointers to
/// libqrencode's structs leak into Swift.
static inline int cqr_encode(const char *text, unsigned char *out, int capacity) {
    QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_L);
    if (code == 0) return 0;
    int w = code->width;
    if (w * w > capacity) { QRcode_free(code); return 0; }
    for (int i = 0; i < w * w; i++) out[i] = code->data[i] & 1;
    QRcode_free(code);
    return w;
}
#endif
