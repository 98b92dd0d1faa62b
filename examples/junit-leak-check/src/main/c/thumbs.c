#include "thumbs.h"

#include <stdint.h>
#include <stdlib.h>

thumbs_image *thumbs_decode(int32_t width, int32_t height) {
    if (width <= 0 || height <= 0 || (size_t)width > SIZE_MAX / 4 / (size_t)height) {
        return NULL;
    }
    thumbs_image *image = malloc(sizeof *image);
    if (image == NULL) {
        return NULL;
    }
    size_t bytes = (size_t)width * (size_t)height * 4;
    image->pixels = malloc(bytes);
    if (image->pixels == NULL) {
        free(image);
        return NULL;
    }
    image->width = width;
    image->height = height;
    for (size_t i = 0; i < bytes; i++) {
        image->pixels[i] = (uint8_t)(i * 31u);
    }
    return image;
}

uint64_t thumbs_checksum(const thumbs_image *image) {
    uint64_t sum = 0;
    size_t bytes = (size_t)image->width * (size_t)image->height * 4;
    for (size_t i = 0; i < bytes; i++) {
        sum = sum * 31u + image->pixels[i];
    }
    return sum;
}

void thumbs_free(thumbs_image *image) {
    if (image != NULL) {
        free(image->pixels);
        free(image);
    }
}
