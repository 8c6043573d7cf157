package dev.labkit.runner.cli;

import dev.labkit.checks.sdk.ModelScript;
import dev.labkit.checks.sdk.ModelTraffic;
import dev.labkit.runner.LabException;
import dev.labkit.runner.catalog.Catalog;
import dev.labkit.runner.catalog.LabManifest;
import dev.labkit.runner.modelserver.KnownClips;
import dev.labkit.runner.modelserver.LabModelServer;
import dev.labkit.runner.modelserver.RequestLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "model", mixinStandardHelpOptions = true, description = "The lab model.",
        subcommands = ModelCommand.Serve.class)
final class ModelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run the lab model alone: an offline, deterministic Ollama (and OpenAI-compatible) API "
                + "for developing a lab app without Docker or a GPU. Ctrl-C stops it.",
                "Shows one line per request your app sends, once it is answered: time, status, milliseconds, "
                + "method, path, model, messages by role, tools, stream (audio requests: the audio's duration, "
                + "size and hash, and the fields sent; speech: the input's length). --verbose adds the messages, "
                + "the tools and the answer, shortened.",
                "Also serves OpenAI's audio API (speech and transcriptions) at <base>/v1 for LAB_SPEECH_BASE_URL."})
    static final class Serve implements Runnable {

        /** Embedding model names always served, so common app defaults work. */
        static final List<String> COMMON_EMBEDDING_MODELS = List.of("all-minilm", "nomic-embed-text");

        @Option(names = "--port", defaultValue = "11434", description = "Port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: "
                + "${DEFAULT-VALUE}; 0.0.0.0 in a container).")
        String host;

        @Option(names = "--pulled-models", paramLabel = "FILE", description = "Keep the names of models pulled "
                + "through /api/pull in FILE, so that they are served again after a restart.")
        Path pulledModels;

        @Option(names = "--pull-speed", paramLabel = "MB/s", defaultValue = "${env:LABKIT_PULL_SPEED:-0}",
                description = {"Pace /api/pull like a download of the model's real size at this speed, to rehearse "
                    + "a slow network (default: ${DEFAULT-VALUE}, instant; env LABKIT_PULL_SPEED)."})
        double pullSpeed;

        @Option(names = "--model", paramLabel = "NAME",
                description = "Also serve this chat model name (repeatable). Every lab's models are served anyway.")
        List<String> extraModels = new ArrayList<>();

        @Option(names = "--clips", paramLabel = "DIR", description = {"Transcribe exactly the known clips under "
                + "DIR (repeatable): each *.wav file with a sibling .txt file holding its transcript.",
                "Every lab's fixtures/ clips are known anyway."})
        List<Path> clipDirs = new ArrayList<>();

        @Spec
        CommandSpec spec;

        /** The labs' models, when there are labs: in a container image the lab model serves without them. */
        private static List<LabManifest> labs() {
            try {
                return Catalog.load(LabHome.labs()).labs();
            } catch (LabException e) {
                return List.of();
            }
        }

        /**
         * What {@code lab model serve} serves at {@code address}: every lab's models, the common
         * embedding models and {@code extraModels}, with no rule and no real model behind it. Tests
         * start the very same server from this (ClientMatrixTests).
         */
        static LabModelServer.Config config(InetSocketAddress address, List<String> extraModels, Path pulledModels,
                double pullSpeed) {
            return config(address, extraModels, pulledModels, pullSpeed, List.of());
        }

        /** The same, knowing the clips of every lab's fixtures/ and those under {@code clipDirs}. */
        static LabModelServer.Config config(InetSocketAddress address, List<String> extraModels, Path pulledModels,
                double pullSpeed, List<Path> clipDirs) {
            Set<String> chat = new LinkedHashSet<>(extraModels);
            Set<String> embedding = new LinkedHashSet<>(COMMON_EMBEDDING_MODELS);
            Map<String, String> clips = new LinkedHashMap<>();
            for (LabManifest lab : labs()) {
                chat.addAll(lab.chatModels());
                embedding.addAll(lab.embeddingModels());
                clips.putAll(KnownClips.under(lab.fixtures()));
            }
            for (Path dir : clipDirs) {
                if (!Files.isDirectory(dir)) {
                    throw LabException.of("--clips: " + dir + " is not a folder: give a folder of *.wav files, each "
                            + "with a .txt file of its transcript beside it");
                }
                clips.putAll(KnownClips.under(dir));
            }
            return new LabModelServer.Config(address, new ModelScript(), new ModelTraffic(100), chat, embedding, null,
                    pulledModels, pullSpeed).withSpeech(null, clips);
        }

        /** The {@code lab} command's {@code --verbose}, which every subcommand inherits. */
        private boolean verbose() {
            OptionSpec verbose = spec.findOption("--verbose");
            return verbose != null && Boolean.TRUE.equals(verbose.getValue());
        }

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            if (pullSpeed < 0) {
                throw LabException.of("--pull-speed: " + pullSpeed + " is not a speed: give MB/s, or 0 for instant");
            }
            LabModelServer.Config config = config(new InetSocketAddress(host, port), extraModels, pulledModels, pullSpeed,
                    clipDirs);
            LabModelServer server;
            try {
                server = LabModelServer.start(config, RequestLog.to(out, verbose()));
            } catch (IOException e) {
                throw LabException.of("cannot listen on " + host + ":" + port + " (" + e.getMessage()
                        + "): is an Ollama already running there? Try --port 11435");
            }
            out.println("Lab model serving the Ollama API at " + server.baseUrl()
                    + " (OpenAI API at " + server.baseUrl() + "/v1)");
            out.println("Chat models: " + String.join(", ", new TreeSet<>(config.chatModels())));
            out.println("Embedding models: " + String.join(", ", new TreeSet<>(config.embeddingModels())));
            out.println("Speech (OpenAI's audio API: /audio/speech, /audio/transcriptions) at " + server.speechBaseUrl()
                    + "; known clips: " + config.clipTranscripts().size());
            out.println("Point your app at it with OLLAMA_BASE_URL=" + server.baseUrl() + " and LAB_SPEECH_BASE_URL="
                    + server.speechBaseUrl() + ". Ctrl-C stops it.");
            out.println(verbose() ? "Each request your app sends is shown below, with its messages and the answer."
                    : "Each request your app sends is shown below, one line each (--verbose: its messages too).");
            out.flush();
            Serving.untilStopped(server);
        }
    }
}
