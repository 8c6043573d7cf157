package dev.labkit.runner.pack;

import dev.labkit.runner.LabException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 signatures of a pack's manifest, with the JDK's own {@code Signature "Ed25519"}. Keys are
 * PEM files as OpenSSL writes them: the private key PKCS#8 ({@code openssl genpkey -algorithm ed25519}),
 * the public key X.509 SubjectPublicKeyInfo ({@code openssl pkey -pubout}).
 */
public final class PackSignature {

    /** The private key's file name written by {@link #generate}. */
    public static final String PRIVATE_FILE = "labpack-private.pem";
    /** The public key's file name written by {@link #generate}. */
    public static final String PUBLIC_FILE = "labpack-public.pem";

    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END \\1-----");

    private PackSignature() {}

    /**
     * Makes a new key pair in {@code dir}: {@value #PRIVATE_FILE} (readable by its owner only, where the
     * file system has POSIX permissions) and {@value #PUBLIC_FILE}. Refuses to replace either.
     *
     * @return the public key's fingerprint ({@link #fingerprint})
     */
    public static String generate(Path dir) {
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        for (Path file : new Path[] {privateFile, publicFile}) {
            if (Files.exists(file)) {
                throw LabException.of(file + " already exists: keep it, or move it away to make a new key pair");
            }
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw LabException.of("this Java has no Ed25519 (" + e.getMessage() + "): use Java 17 or newer", e);
        }
        try {
            Files.createDirectories(dir);
            byte[] privatePem = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(privateFile, privatePem, StandardOpenOption.TRUNCATE_EXISTING);
            } else {
                Files.write(privateFile, privatePem, StandardOpenOption.CREATE_NEW);
            }
            Files.write(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw LabException.of("cannot write the key pair into " + dir + " (" + e.getMessage()
                    + "): choose a writable folder", e);
        }
        return fingerprint(pair.getPublic());
    }

    /** Reads a PKCS#8 PEM Ed25519 private key; a one-line error naming the file when it is not one. */
    public static PrivateKey readPrivate(Path file) {
        byte[] der = der(file, "PRIVATE KEY", "an Ed25519 private key in PKCS#8 PEM (openssl genpkey -algorithm ed25519)");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw LabException.of(file + " is not an Ed25519 private key (" + e.getMessage()
                    + "): make one with `lab pack keygen` or openssl genpkey -algorithm ed25519", e);
        }
    }

    /** Reads an X.509 SubjectPublicKeyInfo PEM Ed25519 public key; a one-line error naming the file when it is not one. */
    public static PublicKey readPublic(Path file) {
        byte[] der = der(file, "PUBLIC KEY", "an Ed25519 public key in PEM (openssl pkey -pubout)");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw LabException.of(file + " is not an Ed25519 public key (" + e.getMessage()
                    + "): use the labpack-public.pem of the pack's publisher", e);
        }
    }

    /** The signature of {@code data}, base64 (standard alphabet, no line breaks). */
    public static String sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw LabException.of("cannot sign with this key (" + e.getMessage() + "): use an Ed25519 key", e);
        }
    }

    /** Whether {@code base64Signature} (surrounding white space ignored) is {@code key}'s signature of {@code data}. */
    public static boolean verify(PublicKey key, byte[] data, String base64Signature) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(Base64.getDecoder().decode(base64Signature.strip()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** A short name for a public key: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(Path file, String type, String expected) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw LabException.of("cannot read the key " + file + " (" + e.getMessage() + "): give " + expected, e);
        }
        Matcher m = PEM.matcher(text);
        if (!m.find() || !m.group(1).equals(type)) {
            throw LabException.of(file + " is not " + expected);
        }
        try {
            return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw LabException.of(file + " is not " + expected + " (its base64 is damaged)");
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}
