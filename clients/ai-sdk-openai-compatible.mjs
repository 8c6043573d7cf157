// The Vercel AI SDK with @ai-sdk/openai-compatible pointed at the lab model's /v1, as the AI SDK
// docs show it for Ollama. supportsStructuredOutputs: Ollama takes a JSON schema in
// response_format; without it the SDK sends {"type": "json_object"} and warns that the schema is dropped.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import * as m from './matrix.mjs';
import { cases } from './ai-sdk.mjs';

const ollama = createOpenAICompatible({ name: 'ollama', baseURL: m.openAiBaseUrl, supportsStructuredOutputs: true });

await m.run(cases((model = m.chatModel) => ollama(model), () => ollama.embeddingModel(m.embeddingModel)));
