#!/bin/sh
# Renders backprop-lab.svg into the hicolor PNG sizes beside it (ImageMagick's convert).
# The PNGs are committed; run this again after changing the SVG.
set -eu
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256; do
  # 4x the largest size, then down: smooth edges at every size; -strip keeps the files reproducible
  convert -background none -density 384 backprop-lab.svg -resize "${size}x${size}" \
    -depth 8 -strip -define png:exclude-chunks=date,time "PNG32:backprop-lab-$size.png"
done
