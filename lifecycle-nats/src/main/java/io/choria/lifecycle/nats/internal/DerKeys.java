package io.choria.lifecycle.nats.internal;

import io.choria.lifecycle.LifecycleException;
import io.choria.lifecycle.LifecycleException.Reason;
import java.io.ByteArrayOutputStream;

/**
 * Wraps the traditional OpenSSL key encodings (PKCS#1 RSA, SEC1 EC) into PKCS#8, the only
 * encoding the JDK's KeyFactory reads, with a minimal DER writer and reader.
 */
final class DerKeys {
    /** AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    /** OID 1.2.840.10045.2.1 (id-ecPublicKey). */
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private DerKeys() {
    }

    /** PrivateKeyInfo { 0, rsaEncryption, OCTET STRING pkcs1 }. */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        return tlv(0x30, concat(VERSION_0, RSA_ALGORITHM, tlv(0x04, pkcs1)));
    }

    /**
     * PrivateKeyInfo { 0, { ecPublicKey, curve }, OCTET STRING sec1 }; the curve's OID comes from
     * the SEC1 key's {@code [0] parameters} field.
     */
    static byte[] ecSec1ToPkcs8(String origin, byte[] sec1) {
        byte[] curve = curveOid(sec1);
        if (curve == null) {
            throw new LifecycleException(Reason.INVALID_INPUT, "EC private key " + origin + " does not name its curve");
        }
        return tlv(0x30, concat(VERSION_0, tlv(0x30, concat(EC_PUBLIC_KEY_OID, curve)), tlv(0x04, sec1)));
    }

    /** The whole OID TLV inside the {@code [0]} field of ECPrivateKey ::= SEQUENCE { version, key, [0], [1] }. */
    private static byte[] curveOid(byte[] sec1) {
        int[] seq = header(sec1, 0);
        if (seq == null || (sec1[0] & 0xff) != 0x30) {
            return null;
        }
        int pos = seq[0];
        int end = seq[0] + seq[1];
        while (pos < end) {
            int tag = sec1[pos] & 0xff;
            int[] h = header(sec1, pos);
            if (h == null) {
                return null;
            }
            if (tag == 0xa0) {
                int[] oid = header(sec1, h[0]);
                return oid == null ? null : java.util.Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
            }
            pos = h[0] + h[1];
        }
        return null;
    }

    /** {content offset, content length} of the TLV at {@code pos}, or null when it runs past the end. */
    private static int[] header(byte[] der, int pos) {
        if (pos + 2 > der.length) {
            return null;
        }
        int len = der[pos + 1] & 0xff;
        int off = pos + 2;
        if (len > 0x80) {
            int n = len & 0x7f;
            if (n > 3 || off + n > der.length) {
                return null;
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[off++] & 0xff);
            }
        }
        return off + len > der.length ? null : new int[] {off, len};
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
