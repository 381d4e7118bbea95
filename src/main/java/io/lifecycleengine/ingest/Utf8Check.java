package io.lifecycleengine.ingest;

import io.lifecycleengine.system.UnreadableBodyException;

/**
 * Checks a byte stream against RFC 3629 as it is read: no overlong forms, no encoded surrogates, nothing
 * above U+10FFFF, no sequence cut short. A JSON parser would otherwise decode some of these leniently.
 */
final class Utf8Check {

    private int expected;
    private int lowest = 0x80;
    private int highest = 0xBF;
    private long offset;

    void accept(int b) throws UnreadableBodyException {
        if (expected > 0) {
            if (b < lowest || b > highest) {
                throw invalid();
            }
            expected--;
            lowest = 0x80;
            highest = 0xBF;
        } else if (b >= 0x80) {
            expected = lead(b);
        }
        offset++;
    }

    void end() throws UnreadableBodyException {
        if (expected > 0) {
            throw invalid();
        }
    }

    /** How many continuation bytes follow this lead byte, narrowing the first one's range where RFC 3629 does. */
    private int lead(int b) throws UnreadableBodyException {
        if (b >= 0xC2 && b <= 0xDF) {
            return 1;
        }
        if (b >= 0xE0 && b <= 0xEF) {
            lowest = b == 0xE0 ? 0xA0 : 0x80;
            highest = b == 0xED ? 0x9F : 0xBF;
            return 2;
        }
        if (b >= 0xF0 && b <= 0xF4) {
            lowest = b == 0xF0 ? 0x90 : 0x80;
            highest = b == 0xF4 ? 0x8F : 0xBF;
            return 3;
        }
        throw invalid();
    }

    private UnreadableBodyException invalid() {
        return new UnreadableBodyException("body: not valid UTF-8 at byte " + offset);
    }
}
