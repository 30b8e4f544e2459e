package dev.sift.data;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * Seeded byte-level damage to a valid input: what a broken export, a bad proxy or an attacker would
 * send.
 */
public final class Mutations {

  /** Byte sequences that are not valid UTF-8, or are structurally loaded for CSV and JSON. */
  private static final byte[][] HOSTILE = {
    {(byte) 0xC0, (byte) 0x80}, // overlong NUL
    {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong '/'
    {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // UTF-16 surrogate encoded in UTF-8
    {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
    {(byte) 0xE2, (byte) 0x82}, // truncated sequence
    {(byte) 0xFF},
    {(byte) 0x80},
    {0},
    {'"'},
    {','},
    {'\r'},
    {'\n'},
    {'{'},
    {'['},
    {'\\'},
    "\\u0000".getBytes(),
    "\\ud800".getBytes(),
    "\\udc00\\ud800".getBytes()
  };

  private Mutations() {}

  public static byte[] mutate(byte[] valid, Random random) {
    byte[] current = valid;
    int rounds = 1 + random.nextInt(4);
    for (int r = 0; r < rounds; r++) {
      current = once(current, random);
    }
    return current;
  }

  private static byte[] once(byte[] in, Random random) {
    int at = in.length == 0 ? 0 : random.nextInt(in.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 8);
    switch (random.nextInt(6)) {
      case 0 -> { // flip a bit
        byte[] copy = in.clone();
        if (copy.length > 0) {
          copy[at] ^= (byte) (1 << random.nextInt(8));
        }
        return copy;
      }
      case 1 -> { // insert a hostile sequence
        out.write(in, 0, at);
        out.writeBytes(HOSTILE[random.nextInt(HOSTILE.length)]);
        out.write(in, at, in.length - at);
      }
      case 2 -> { // delete a run
        int len = Math.min(in.length - at, 1 + random.nextInt(8));
        out.write(in, 0, at);
        out.write(in, at + len, in.length - at - len);
      }
      case 3 -> { // truncate
        out.write(in, 0, at);
      }
      case 4 -> { // random byte
        out.write(in, 0, at);
        out.write(random.nextInt(256));
        out.write(in, at, in.length - at);
      }
      default -> { // duplicate a run
        int len = Math.min(in.length - at, 1 + random.nextInt(32));
        out.write(in, 0, at + len);
        out.write(in, at, in.length - at);
      }
    }
    return out.toByteArray();
  }
}
