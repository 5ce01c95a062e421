#!/usr/bin/python3
"""A DWT-DCT watermark written from the published description of invisible-watermark's `dwtDct` method,
for bench/watermark-baselines.sh. Not the imwatermark package (which is not in Debian): a re-implementation
on Debian's python3-numpy, with ImageMagick's `convert` for reading and writing PNG.

The method, per colour channel U and V of YUV (Y is left alone; scale 36 on both):
  1. one level of the Haar DWT; keep the LL band (half size);
  2. cut LL into 4x4 blocks; block n carries payload bit n mod L;
  3. in each block's orthonormal 2-D DCT, take the AC coefficient of largest magnitude and move its magnitude
     to (floor(|c| / scale) + 0.25 + 0.5 * bit) * scale, keeping its sign;
  4. inverse DCT, inverse DWT (only LL changed), back to RGB.
Detection reads the same coefficient: |c| mod scale > scale / 2 means 1; each bit is the majority over its
blocks in both channels.

  watermark_dwtdct.py run WORK_DIR PAYLOAD_HEX PHOTO...
      embeds PAYLOAD_HEX (32 bits) in each photo, writes WORK_DIR/marked/<name>.png, and prints one JSON line per
      photo: size, embed and detect milliseconds (in-process, one thread), PSNR.
  watermark_dwtdct.py detect PAYLOAD_HEX ATTACK_DIR...
      detects in every ATTACK_DIR/<attack>.png and prints one JSON line per attack with the mean bit accuracy.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

SCALE = 36.0
BLOCK = 4


def read_rgb(path):
    size = subprocess.run(["identify", "-format", "%w %h", path + "[0]"], check=True, capture_output=True, text=True).stdout.split()
    w, h = int(size[0]), int(size[1])
    raw = subprocess.run(["convert", path + "[0]", "-depth", "8", "rgb:-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(h, w, 3).astype(np.float64)


def write_rgb(path, rgb):
    h, w, _ = rgb.shape
    subprocess.run(["convert", "-size", f"{w}x{h}", "-depth", "8", "rgb:-", path], input=rgb.astype(np.uint8).tobytes(), check=True)


def dct_matrix(n):
    k = np.arange(n)[:, None]
    x = np.arange(n)[None, :]
    c = np.sqrt(2.0 / n) * np.cos(np.pi * (2 * x + 1) * k / (2 * n))
    c[0, :] = np.sqrt(1.0 / n)
    return c


C = dct_matrix(BLOCK)


def to_yuv(rgb):
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    return y, 0.492 * (b - y) + 128, 0.877 * (r - y) + 128


def to_rgb(y, u, v):
    b = y + (u - 128) / 0.492
    r = y + (v - 128) / 0.877
    g = (y - 0.299 * r - 0.114 * b) / 0.587
    return np.clip(np.rint(np.stack([r, g, b], axis=-1)), 0, 255)


def blocks_of(channel):
    """LL band of one Haar level over the largest region of whole 8x8 pixel blocks, as (rows, cols, 4, 4) DCT blocks."""
    h, w = channel.shape
    h8, w8 = h // 8 * 8, w // 8 * 8
    x = channel[:h8, :w8]
    ll = (x[0::2, 0::2] + x[0::2, 1::2] + x[1::2, 0::2] + x[1::2, 1::2]) / 2
    rows, cols = ll.shape[0] // BLOCK, ll.shape[1] // BLOCK
    b = ll.reshape(rows, BLOCK, cols, BLOCK).swapaxes(1, 2)
    return ll, np.einsum("ij,rcjk,lk->rcil", C, b, C), (h8, w8)


def strongest_ac(dct):
    flat = dct.reshape(dct.shape[0], dct.shape[1], BLOCK * BLOCK)
    pos = np.argmax(np.abs(flat[..., 1:]), axis=-1) + 1
    return flat, pos


def embed(rgb, bits):
    y, u, v = to_yuv(rgb)
    out = []
    for channel in (u, v):
        ll, dct, (h8, w8) = blocks_of(channel)
        flat, pos = strongest_ac(dct)
        rows, cols = pos.shape
        bit = np.array(bits, dtype=np.float64)[np.arange(rows * cols) % len(bits)].reshape(rows, cols)
        val = np.take_along_axis(flat, pos[..., None], axis=-1)[..., 0]
        new = np.sign(val + (val == 0)) * (np.floor(np.abs(val) / SCALE) + 0.25 + 0.5 * bit) * SCALE
        np.put_along_axis(flat, pos[..., None], new[..., None], axis=-1)
        back = np.einsum("ji,rcjk,kl->rcil", C, flat.reshape(rows, cols, BLOCK, BLOCK), C)
        ll_new = ll.copy()
        ll_new[: rows * BLOCK, : cols * BLOCK] = back.swapaxes(1, 2).reshape(rows * BLOCK, cols * BLOCK)
        # Inverse Haar with only LL changed: each pixel of a 2x2 cell moves by half the LL change.
        change = np.repeat(np.repeat((ll_new - ll) / 2, 2, axis=0), 2, axis=1)
        marked = channel.copy()
        marked[:h8, :w8] += change
        out.append(marked)
    return to_rgb(y, out[0], out[1])


def detect(rgb, length):
    _, u, v = to_yuv(rgb)
    votes = np.zeros(length)
    counts = np.zeros(length)
    for channel in (u, v):
        _, dct, _ = blocks_of(channel)
        flat, pos = strongest_ac(dct)
        rows, cols = pos.shape
        val = np.abs(np.take_along_axis(flat, pos[..., None], axis=-1)[..., 0])
        one = (np.mod(val, SCALE) > 0.5 * SCALE).ravel().astype(np.float64)
        index = np.arange(rows * cols) % length
        np.add.at(votes, index, one)
        np.add.at(counts, index, 1)
    return [1 if c > 0 and s / c > 0.5 else 0 for s, c in zip(votes, counts)]


def bits_of(hex_text):
    return [int(b) for b in bin(int(hex_text, 16))[2:].zfill(len(hex_text) * 4)]


def psnr(a, b):
    mse = np.mean((a - b) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def run(work, payload, photos):
    bits = bits_of(payload)
    os.makedirs(os.path.join(work, "marked"), exist_ok=True)
    for photo in photos:
        rgb = read_rgb(photo)
        embed(rgb, bits)  # warm-up
        t0 = time.process_time()
        marked = embed(rgb, bits)
        t1 = time.process_time()
        found = detect(marked, len(bits))
        t2 = time.process_time()
        name = os.path.splitext(os.path.basename(photo))[0]
        write_rgb(os.path.join(work, "marked", name + ".png"), marked)
        print(json.dumps({"file": photo, "width": rgb.shape[1], "height": rgb.shape[0], "embedMs": (t1 - t0) * 1000,
                          "detectMs": (t2 - t1) * 1000, "psnr": psnr(rgb, marked),
                          "bitAccuracy": float(np.mean(np.array(found) == np.array(bits)))}), flush=True)


def detect_dirs(payload, dirs):
    bits = np.array(bits_of(payload))
    results = {}
    for d in dirs:
        for name in sorted(os.listdir(d)):
            if name.endswith(".png"):
                found = np.array(detect(read_rgb(os.path.join(d, name)), len(bits)))
                results.setdefault(name[:-4], []).append(float(np.mean(found == bits)))
    for attack, accuracies in results.items():
        print(json.dumps({"attack": attack, "images": len(accuracies), "bitAccuracy": float(np.mean(accuracies))}), flush=True)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif len(sys.argv) >= 3 and sys.argv[1] == "detect":
        detect_dirs(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
