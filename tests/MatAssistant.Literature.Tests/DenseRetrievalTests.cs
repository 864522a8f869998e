using Microsoft.Extensions.AI;
using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class DenseRetrievalTests
{
    /// <summary>A deterministic stand-in for an embedding model: hashed bag of lower-cased words.</summary>
    private sealed class HashingEmbedder : IEmbeddingGenerator<string, Embedding<float>>
    {
        public int Calls { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var value in values)
            {
                var vector = new float[64];
                foreach (var word in value.ToLowerInvariant().Split([' ', ',', '.', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
                {
                    vector[(int)((uint)StringComparer.Ordinal.GetHashCode(word) % 64)] += 1;
                }

                result.Add(new Embedding<float>(vector));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Embeddings_AreFusedWithBm25()
    {
        using var scratch = new Scratch();
        var embedder = new HashingEmbedder();
        var options = new LiteratureOptions(Embeddings: embedder, EmbeddingModelId: "hashing-64");
        using var index = LiteratureIndex.OpenOrBuild([scratch.CorpusDir], scratch.DataDir, options);
        Assert.True(File.Exists(Path.Combine(index.Generation, "vectors.bin")));
        var hits = index.Search("crystal diffusion variational autoencoder", 5);
        Assert.Contains(hits, h => h.Document.StartsWith("002_", StringComparison.Ordinal) && h.Text.Contains("CDVAE", StringComparison.Ordinal));
        Assert.All(hits, h => Assert.Equal(File.ReadAllText(Path.Combine(scratch.CorpusDir, h.Document))[h.Start..h.End], h.Text));

        // Unchanged files keep their vectors: a re-ingest embeds nothing.
        var calls = embedder.Calls;
        LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir, options);
        Assert.Equal(calls, embedder.Calls);
    }
}
