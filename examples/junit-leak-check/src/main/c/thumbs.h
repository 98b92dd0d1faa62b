/* thumbs: a tiny image library, the native code this example's Java calls through FFM. */
#ifndef THUMBS_H
#define THUMBS_H

#include <stdint.h>

#if defined(_WIN32) && defined(THUMBS_BUILDING)
#define THUMBS_API __declspec(dllexport)
#elif defined(_WIN32)
#define THUMBS_API __declspec(dllimport)
#else
#define THUMBS_API __attribute__((visibility("default")))
#endif

typedef struct thumbs_image {
    int32_t width;
    int32_t height;
    uint8_t *pixels; /* width * height * 4 bytes, RGBA */
} thumbs_image;

/* Decodes (here: draws) an image. The caller owns it and must give it to thumbs_free.
 * NULL for a size of 0 or less, too large to address, or out of memory. */
THUMBS_API thumbs_image *thumbs_decode(int32_t width, int32_t height);

/* A checksum of every pixel: reads the whole image, as a real caller would. */
THUMBS_API uint64_t thumbs_checksum(const thumbs_image *image);

THUMBS_API void thumbs_free(thumbs_image *image);

#endif
