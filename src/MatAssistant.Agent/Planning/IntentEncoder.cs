using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace MatAssistant.Agent.Planning;

/// <summary>One hand-written example request and the intent it has (<c>intent_exemplars.txt</c>).</summary>
public sealed record IntentExemplar(RequestIntent Intent, string Text);

/// <summary>How the sentence encoder votes.</summary>
/// <param name="Neighbours">Exemplars per intent averaged into its score (default 3: one odd exemplar does not decide).</param>
/// <param name="MinMargin">The best intent's score must beat the runner-up's by this much in cosine similarity for the vote
/// to count (default 0.03: below it the encoder is as unsure as the rules).</param>
public sealed record IntentEncoderOptions(int Neighbours = 3, double MinMargin = 0.03);

/// <summary>The encoder's vote on one request.</summary>
/// <param name="Intent">The intent whose nearest exemplars are closest.</param>
/// <param name="Margin">Its score minus the runner-up's.</param>
/// <param name="Scores">Mean cosine similarity of the nearest exemplars, per intent.</param>
/// <param name="Confident">True when <paramref name="Margin"/> reaches <see cref="IntentEncoderOptions.MinMargin"/>.</param>
public sealed record IntentVote(RequestIntent Intent, double Margin, IReadOnlyDictionary<RequestIntent, double> Scores, bool Confident);

/// <summary>
/// The sentence-encoder half of intent reading: every exemplar is embedded once (lazily, on the first vote), a request is
/// embedded and scored per intent by the mean cosine similarity of its <see cref="IntentEncoderOptions.Neighbours"/> nearest
/// exemplars of that intent. The encoder is any <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: in the product
/// all-MiniLM-L6-v2 (MatAssistant.Literature's <c>MiniLmEmbeddings</c>), in unit tests a fake. Written here because
/// nearest-exemplar voting over a handful of vectors is a few lines; no library in reach offers it without a vector store.
/// </summary>
public sealed class IntentEncoder : IDisposable
{
    private readonly Lazy<IEmbeddingGenerator<string, Embedding<float>>> _embeddings;
    private readonly IReadOnlyList<IntentExemplar> _exemplars;
    private readonly bool _ownsEmbeddings;
    private readonly Lazy<float[][]> _vectors;

    /// <summary>An encoder over <paramref name="embeddings"/> (the caller keeps owning it unless <paramref name="ownsEmbeddings"/>).</summary>
    public IntentEncoder(IEmbeddingGenerator<string, Embedding<float>> embeddings, IReadOnlyList<IntentExemplar> exemplars, IntentEncoderOptions? options = null, bool ownsEmbeddings = false)
        : this(() => embeddings ?? throw new ArgumentNullException(nameof(embeddings)), exemplars, options, ownsEmbeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
    }

    /// <summary>
    /// An encoder that creates its embedding generator on the first vote: a planner whose rules are sure never loads the
    /// model (all-MiniLM-L6-v2 takes about 0.3 s and some 90 MB to load).
    /// </summary>
    public IntentEncoder(Func<IEmbeddingGenerator<string, Embedding<float>>> embeddings, IReadOnlyList<IntentExemplar> exemplars, IntentEncoderOptions? options = null, bool ownsEmbeddings = true)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(exemplars);
        if (exemplars.Count == 0)
        {
            throw new ArgumentException("the intent encoder needs exemplars.", nameof(exemplars));
        }

        _embeddings = new Lazy<IEmbeddingGenerator<string, Embedding<float>>>(embeddings, LazyThreadSafetyMode.ExecutionAndPublication);
        _exemplars = exemplars;
        _ownsEmbeddings = ownsEmbeddings;
        Options = options ?? new IntentEncoderOptions();
        _vectors = new Lazy<float[][]>(() => Embed(_exemplars.Select(e => e.Text).ToList()), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True once the embedding model has been loaded (a vote was asked for).</summary>
    public bool Loaded => _embeddings.IsValueCreated;

    public IntentEncoderOptions Options { get; }

    /// <summary>The exemplars shipped inside the assembly (<c>Planning/intent_exemplars.txt</c>, an embedded resource).</summary>
    public static IReadOnlyList<IntentExemplar> ShippedExemplars()
    {
        using var stream = typeof(IntentEncoder).Assembly.GetManifestResourceStream("intent_exemplars.txt")
            ?? throw new InvalidOperationException("intent_exemplars.txt is not embedded in MatAssistant.Agent.");
        using var reader = new StreamReader(stream);
        return ReadExemplars(reader.ReadToEnd().Split('\n'));
    }

    /// <summary>Reads <c>intent&lt;TAB&gt;request</c> lines; <c>#</c> starts a comment.</summary>
    public static IReadOnlyList<IntentExemplar> ReadExemplars(IEnumerable<string> lines)
    {
        var list = new List<IntentExemplar>();
        foreach (var line in lines.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0 || !TryIntent(line[..tab].Trim(), out var intent))
            {
                throw new InvalidDataException($"not an exemplar line (intent<TAB>request, intent faq/design/screen/solve): {line}");
            }

            list.Add(new IntentExemplar(intent, line[(tab + 1)..].Trim()));
        }

        return list;
    }

    /// <summary>faq, design, screen, solve, explain_and_screen (as the evaluation files write intents).</summary>
    public static bool TryIntent(string name, out RequestIntent intent)
    {
        (var ok, intent) = name.ToLowerInvariant() switch
        {
            "faq" or "retrieve" => (true, RequestIntent.Faq),
            "design" or "generate" => (true, RequestIntent.Design),
            "screen" => (true, RequestIntent.Screen),
            "solve" => (true, RequestIntent.Solve),
            "explain_and_screen" => (true, RequestIntent.ExplainAndScreen),
            _ => (false, RequestIntent.Faq),
        };
        return ok;
    }

    /// <summary>The vote on <paramref name="text"/>, among <paramref name="among"/> (all intents of the exemplars when null).</summary>
    public IntentVote Vote(string text, IReadOnlyCollection<RequestIntent>? among = null)
    {
        var exemplarVectors = _vectors.Value;
        var query = Embed([text])[0];
        var scores = new Dictionary<RequestIntent, double>();
        foreach (var group in _exemplars.Select((e, i) => (e.Intent, Similarity: (double)TensorPrimitives.CosineSimilarity(query, exemplarVectors[i]))).GroupBy(x => x.Intent))
        {
            if (among is null || among.Contains(group.Key))
            {
                scores[group.Key] = group.Select(x => x.Similarity).OrderDescending().Take(Options.Neighbours).Average();
            }
        }

        var ranked = scores.OrderByDescending(s => s.Value).ToList();
        if (ranked.Count == 0)
        {
            return new IntentVote(RequestIntent.Faq, 0, scores, false);
        }

        var margin = ranked.Count > 1 ? ranked[0].Value - ranked[1].Value : 1;
        return new IntentVote(ranked[0].Key, margin, scores, margin >= Options.MinMargin);
    }

    /// <summary>The scores in one line, for a reading's explanation: <c>solve 0.61, faq 0.48</c>.</summary>
    public static string Describe(IntentVote vote) =>
        string.Join(", ", vote.Scores.OrderByDescending(s => s.Value).Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key.ToString().ToLowerInvariant()} {s.Value:0.00}")));

    // The MiniLM generator runs synchronously (ONNX Runtime on the calling thread) and the planner's reading is synchronous
    // too, so waiting here does not block a thread pool thread on I/O.
    private float[][] Embed(IReadOnlyList<string> texts) =>
        _embeddings.Value.GenerateAsync(texts).GetAwaiter().GetResult().Select(e => e.Vector.ToArray()).ToArray();

    public void Dispose()
    {
        if (_ownsEmbeddings && _embeddings.IsValueCreated)
        {
            _embeddings.Value.Dispose();
        }
    }
}
