package socketlab.grader.run;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals each line of a test JVM's event file with an HMAC under a key the supervisor hands the test JVM
 * on its standard input, and nowhere else: a line written by anything else (a student's process
 * running as the same user, where the grader cannot give it a user of its own) does not count.
 */
final class EventSeal {

    private static final String ALGORITHM = "HmacSHA256";
    private final Mac mac;

    private EventSeal(byte[] key) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    /** A fresh key, as the hex line the supervisor writes to the test JVM's standard input. */
    static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    static EventSeal of(String hexKey) {
        return new EventSeal(HexFormat.of().parseHex(hexKey.strip()));
    }

    /** {@code line} with its seal: {@code line TAB hex(hmac)}. */
    synchronized String seal(String line) {
        return line + "\t" + HexFormat.of().formatHex(mac.doFinal(line.getBytes(StandardCharsets.UTF_8)));
    }

    /** The line a sealed line carries, or null if its seal is missing or wrong. */
    synchronized String open(String sealed) {
        int tab = sealed.lastIndexOf('\t');
        if (tab < 0) {
            return null;
        }
        String line = sealed.substring(0, tab);
        byte[] expected = mac.doFinal(line.getBytes(StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = HexFormat.of().parseHex(sealed.substring(tab + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return MessageDigest.isEqual(expected, given) ? line : null;
    }
}
