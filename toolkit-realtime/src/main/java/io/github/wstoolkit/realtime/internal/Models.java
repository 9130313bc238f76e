package io.github.wstoolkit.realtime.internal;

import io.github.wstoolkit.api.ConfigException;
import java.util.Locale;
import java.util.Set;

/** Realtime model names: the default, the known ones, and the ones that cannot hold a conversation. */
public final class Models {

    public static final String DEFAULT_MODEL = "gpt-realtime-1.5";

    public static final Set<String> KNOWN = Set.of(
            "gpt-4o-mini-realtime-preview-2024-12-17",
            "gpt-4o-realtime-preview-2024-12-17",
            "gpt-realtime",
            "gpt-realtime-2025-08-28",
            "gpt-realtime-1.5",
            "gpt-realtime-2",
            "gpt-realtime-2.1",
            "gpt-realtime-2.1-mini",
            "gpt-realtime-mini",
            "gpt-realtime-mini-2025-12-15");

    public static final Set<String> RETIRED =
            Set.of("gpt-realtime-mini-2025-10-06", "gpt-4o-realtime-preview-2024-10-01");

    private static final System.Logger LOG = System.getLogger(Models.class.getName());

    private Models() {}

    /**
     * Rejects models that cannot be used as {@code openai:realtime:<model>} on api.openai.com; a custom gateway may
     * map names as it likes, so nothing is rejected there. Unknown names are only logged.
     *
     * @throws ConfigException naming the model and what to do instead
     */
    public static void validate(String model, boolean firstParty) {
        String m = model.toLowerCase(Locale.ROOT);
        if (firstParty) {
            String prefix = "OpenAI " + model
                    + " is not a conversational Realtime model and cannot be used as openai:realtime:" + model + ". ";
            if (m.startsWith("gpt-realtime-whisper")) {
                throw new ConfigException(
                        prefix + "Pass it as input_audio_transcription.model inside a conversational session instead.");
            }
            if (m.startsWith("gpt-realtime-translate")
                    || m.startsWith("gpt-transcribe")
                    || m.startsWith("gpt-live-transcribe")) {
                throw new ConfigException(
                        prefix + "It uses a separate Realtime session endpoint not yet supported by wstoolkit.");
            }
            if (m.contains("codex")) {
                throw new ConfigException(
                        "OpenAI " + model + " is only available through openai:codex-sdk and cannot be"
                                + " used as openai:realtime:" + model + ".");
            }
            if (RETIRED.contains(m)) {
                throw new ConfigException("OpenAI " + model + " has been retired; use " + DEFAULT_MODEL + " or another"
                        + " current Realtime model instead.");
            }
        }
        if (!KNOWN.contains(model)) {
            LOG.log(System.Logger.Level.DEBUG, "Using unknown OpenAI realtime model: {0}", model);
        }
    }
}
