package dev.labkit.runner.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labkit.runner.LabException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed packs: Ed25519 over labpack.json's bytes, keys from `lab pack keygen` and from OpenSSL. */
class PackSignatureTests {

    @TempDir
    Path temp;

    private Path labs;
    private Path keys;
    private String fingerprint;

    @BeforeEach
    void makeLabsAndKeys() throws Exception {
        labs = PackLabsFixture.labs(temp.resolve("kit"));
        keys = temp.resolve("keys");
        fingerprint = PackSignature.generate(keys);
    }

    private Path signedPack(Path privateKey) {
        Path out = temp.resolve("signed.labpack");
        new PackWriter(PackVerifierTests.CLOCK, PackVerifierTests.RUNNER).write(new PackRequest(
                List.of(PackLabsFixture.lab(labs)), out, PackEdition.LEARNER, "signed", "1", Optional.empty(),
                Optional.of(privateKey)));
        return out;
    }

    private VerifiedPack verify(Path pack, Path publicKey) {
        return new PackVerifier(PackVerifierTests.RUNNER).verify(pack, Optional.of(PackSignature.readPublic(publicKey)));
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerReadsAndAPublicKey() throws Exception {
        assertThat(Files.getPosixFilePermissions(keys.resolve("labpack-private.pem")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(keys.resolve("labpack-private.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(Files.readString(keys.resolve("labpack-public.pem"))).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(fingerprint).matches("[0-9a-f]{16}");
        assertThatThrownBy(() -> PackSignature.generate(keys)).hasMessageContaining("already exists");
    }

    @Test
    void aSignedPackVerifiesWithItsKey() {
        Path pack = signedPack(keys.resolve("labpack-private.pem"));

        VerifiedPack verified = verify(pack, keys.resolve("labpack-public.pem"));

        assertThat(verified.signer()).contains(fingerprint);
        assertThat(verified.summary()).endsWith("; signed by key " + fingerprint);
        assertThat(new PackVerifier(PackVerifierTests.RUNNER).verify(pack, Optional.empty()).summary())
                .endsWith("; signed (not checked: pass --public-key to check it)");
    }

    @Test
    void aSignedPackIsRefusedWithAnotherKey() {
        Path pack = signedPack(keys.resolve("labpack-private.pem"));
        Path other = temp.resolve("other");
        String otherFingerprint = PackSignature.generate(other);

        assertThatThrownBy(() -> verify(pack, other.resolve("labpack-public.pem"))).isInstanceOf(LabException.class)
                .hasMessage("pack signed.labpack does not carry a valid signature by key " + otherFingerprint
                        + " (changed after signing, or signed with another key): get the pack again from its publisher,"
                        + " and check you have their public key");
    }

    @Test
    void aSignedPackWhoseManifestChangedIsRefused() throws Exception {
        Path pack = signedPack(keys.resolve("labpack-private.pem"));
        Map<String, byte[]> entries = PackLabsFixture.entries(pack);
        String manifest = new String(entries.get("labpack.json"), StandardCharsets.UTF_8);
        entries.put("labpack.json", PackLabsFixture.utf8(manifest.replace("\"edition\" : \"learner\"",
                "\"edition\" : \"full\"")));
        Path changed = PackLabsFixture.write(entries, temp.resolve("changed.labpack"));

        assertThatThrownBy(() -> verify(changed, keys.resolve("labpack-public.pem")))
                .hasMessageStartingWith("pack changed.labpack does not carry a valid signature by key " + fingerprint);
    }

    @Test
    void anUnsignedPackIsRefusedWhenAKeyIsGiven() {
        Path out = temp.resolve("unsigned.labpack");
        new PackWriter(PackVerifierTests.CLOCK, PackVerifierTests.RUNNER).write(new PackRequest(
                List.of(PackLabsFixture.lab(labs)), out, PackEdition.FULL, "unsigned", "1", Optional.empty(),
                Optional.empty()));

        assertThatThrownBy(() -> verify(out, keys.resolve("labpack-public.pem")))
                .hasMessage("pack unsigned.labpack is not signed, and a public key (" + fingerprint + ") was given: ask"
                        + " its publisher for a signed pack, or leave out --public-key to trust it unsigned");
    }

    @Test
    void keysMadeByOpensslSignAndVerify() throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        assumeTrue(Files.isExecutable(openssl), "no openssl at " + openssl);
        Path privateKey = temp.resolve("ssl-private.pem");
        Path publicKey = temp.resolve("ssl-public.pem");
        run(openssl.toString(), "genpkey", "-algorithm", "ed25519", "-out", privateKey.toString());
        run(openssl.toString(), "pkey", "-in", privateKey.toString(), "-pubout", "-out", publicKey.toString());

        Path pack = signedPack(privateKey);
        PublicKey key = PackSignature.readPublic(publicKey);

        assertThat(verify(pack, publicKey).signer()).contains(PackSignature.fingerprint(key));
        // And OpenSSL reads the key `lab pack keygen` writes.
        run(openssl.toString(), "pkey", "-in", keys.resolve("labpack-private.pem").toString(), "-noout");
    }

    @Test
    void aFileThatIsNoKeySaysWhatKeyItWants() throws Exception {
        Path notAKey = Files.writeString(temp.resolve("key.pem"), "hello");

        assertThatThrownBy(() -> PackSignature.readPrivate(notAKey)).hasMessage(notAKey + " is not an Ed25519 private key"
                + " in PKCS#8 PEM (openssl genpkey -algorithm ed25519)");
        assertThatThrownBy(() -> PackSignature.readPublic(keys.resolve("labpack-private.pem")))
                .hasMessageStartingWith(keys.resolve("labpack-private.pem") + " is not an Ed25519 public key in PEM");
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }
}
