namespace MatAssistant.Agent.Tests.Brains.Gguf;

/// <summary>
/// Builds tiny llama-architecture GGUF models with seeded random weights for tests (DESIGN.md §5 recipe):
/// a character-level SentencePiece-style vocabulary (<c>&lt;unk&gt;</c>, <c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, 256 byte tokens,
/// <c>▁</c> and printable ASCII, <c>&lt;|im_start|&gt;</c> and <c>&lt;|im_end|&gt;</c>) and a ChatML chat template.
/// </summary>
internal static class TinyLlama
{
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
        + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <summary>Shape and weights of a tiny model.</summary>
    /// <param name="Embedding">Model width (n_embd).</param>
    /// <param name="Layers">Transformer blocks.</param>
    /// <param name="Heads">Attention heads (also the KV heads).</param>
    /// <param name="FeedForward">Hidden width of the SwiGLU feed-forward.</param>
    /// <param name="Seed">Seed of the weights.</param>
    /// <param name="FavouredToken">
    /// When set, the model strongly prefers this vocabulary piece whenever it is allowed: embedding dimension 0 is a constant
    /// that no block writes to, and the output row of the piece reads it. A "tool-happy" model: with <c>&lt;</c> it starts a
    /// <c>&lt;tool_call&gt;</c> whenever the grammar lets it choose.
    /// </param>
    /// <param name="ChatTemplate">The <c>tokenizer.chat_template</c>; null leaves it out.</param>
    /// <param name="OutputWeights">
    /// Replaces the output (LM head) weights, vocabulary-major ([vocab, embedding]); every other tensor is still drawn from
    /// <paramref name="Seed"/>, so a head trained on one model's features fits the model rewritten with it.
    /// </param>
    public sealed record Spec(
        int Embedding = 32,
        int Layers = 2,
        int Heads = 4,
        int FeedForward = 64,
        int Seed = 1234,
        string? FavouredToken = null,
        string? ChatTemplate = ChatMlTemplate,
        float[]? OutputWeights = null);

    /// <summary>The vocabulary: index is the token id.</summary>
    public static IReadOnlyList<string> Vocabulary { get; } = BuildVocabulary();

    private static List<string> BuildVocabulary()
    {
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        for (var b = 0; b < 256; b++)
        {
            tokens.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<0x{b:X2}>"));
        }

        tokens.Add("\u2581");
        for (var c = 0x21; c <= 0x7E; c++)
        {
            tokens.Add(((char)c).ToString());
        }

        tokens.Add("<|im_start|>");
        tokens.Add("<|im_end|>");
        return tokens;
    }

    private static int TokenType(string token, int id) => token switch
    {
        "<unk>" => 2,
        "<s>" or "</s>" or "<|im_start|>" or "<|im_end|>" => 3,
        _ when id is >= 3 and < 259 => 6,
        _ => 1,
    };

    public static void Write(string path, Spec spec)
    {
        var vocab = Vocabulary;
        var nVocab = (ulong)vocab.Count;
        var nEmbd = (ulong)spec.Embedding;
        var nFf = (ulong)spec.FeedForward;
        var random = new Random(spec.Seed);

        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", "matassist-tiny-test")
            .Add("general.alignment", (uint)GgufWriter.Alignment)
            .Add("llama.context_length", 4096u)
            .Add("llama.embedding_length", (uint)spec.Embedding)
            .Add("llama.block_count", (uint)spec.Layers)
            .Add("llama.feed_forward_length", (uint)spec.FeedForward)
            .Add("llama.attention.head_count", (uint)spec.Heads)
            .Add("llama.attention.head_count_kv", (uint)spec.Heads)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("llama.rope.dimension_count", (uint)(spec.Embedding / spec.Heads))
            .Add("llama.rope.freq_base", 10000f)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", vocab)
            .Add("tokenizer.ggml.scores", vocab.Select(_ => 0f).ToArray())
            .Add("tokenizer.ggml.token_type", vocab.Select(TokenType).ToArray())
            .Add("tokenizer.ggml.unknown_token_id", 0u)
            .Add("tokenizer.ggml.bos_token_id", 1u)
            .Add("tokenizer.ggml.eos_token_id", (uint)IndexOf("<|im_end|>"))
            .Add("tokenizer.ggml.add_bos_token", false)
            .Add("tokenizer.ggml.add_space_prefix", false);
        if (spec.ChatTemplate is not null)
        {
            writer.Add("tokenizer.chat_template", spec.ChatTemplate);
        }

        var favoured = spec.FavouredToken is null ? -1 : IndexOf(spec.FavouredToken);

        var embedding = Normal(random, nVocab * nEmbd, 0.5f);
        var output = Normal(random, nVocab * nEmbd, 0.5f);
        if (favoured >= 0)
        {
            for (var t = 0UL; t < nVocab; t++)
            {
                embedding[t * nEmbd] = 4f;
                output[t * nEmbd] = 0f;
            }

            output[(ulong)favoured * nEmbd] = 8f;
        }

        if (spec.OutputWeights is not null)
        {
            output = spec.OutputWeights;
        }

        writer.AddTensor("token_embd.weight", [nEmbd, nVocab], embedding);
        writer.AddTensor("output_norm.weight", [nEmbd], Ones(nEmbd));
        writer.AddTensor("output.weight", [nEmbd, nVocab], output);
        var scale = 1f / MathF.Sqrt(spec.Embedding);
        for (var l = 0; l < spec.Layers; l++)
        {
            var p = $"blk.{l}.";
            writer.AddTensor(p + "attn_norm.weight", [nEmbd], Ones(nEmbd));
            writer.AddTensor(p + "attn_q.weight", [nEmbd, nEmbd], Normal(random, nEmbd * nEmbd, scale));
            writer.AddTensor(p + "attn_k.weight", [nEmbd, nEmbd], Normal(random, nEmbd * nEmbd, scale));
            writer.AddTensor(p + "attn_v.weight", [nEmbd, nEmbd], Normal(random, nEmbd * nEmbd, scale));
            writer.AddTensor(p + "attn_output.weight", [nEmbd, nEmbd], WithoutRowZero(Normal(random, nEmbd * nEmbd, scale), nEmbd, nEmbd, favoured >= 0));
            writer.AddTensor(p + "ffn_norm.weight", [nEmbd], Ones(nEmbd));
            writer.AddTensor(p + "ffn_gate.weight", [nEmbd, nFf], Normal(random, nEmbd * nFf, scale));
            writer.AddTensor(p + "ffn_up.weight", [nEmbd, nFf], Normal(random, nEmbd * nFf, scale));
            writer.AddTensor(p + "ffn_down.weight", [nFf, nEmbd], WithoutRowZero(Normal(random, nFf * nEmbd, 1f / MathF.Sqrt(spec.FeedForward)), nFf, nEmbd, favoured >= 0));
        }

        writer.Write(path);
    }

    public static int IndexOf(string token)
    {
        for (var i = 0; i < Vocabulary.Count; i++)
        {
            if (Vocabulary[i] == token)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{token}' is not in the tiny vocabulary.", nameof(token));
    }

    /// <summary>Zeroes output row 0 of a weight stored GGML-style ({in, out}: row r of the [out, in] matrix is data[r*in .. r*in+in)).</summary>
    private static float[] WithoutRowZero(float[] data, ulong inputs, ulong outputs, bool apply)
    {
        _ = outputs;
        if (apply)
        {
            Array.Clear(data, 0, (int)inputs);
        }

        return data;
    }

    private static float[] Ones(ulong n) => Enumerable.Repeat(1f, (int)n).ToArray();

    private static float[] Normal(Random random, ulong n, float std)
    {
        var data = new float[n];
        for (var i = 0; i < data.Length; i++)
        {
            // Box-Muller: the weights only need to be seeded and roughly normal.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            data[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)) * std;
        }

        return data;
    }
}
