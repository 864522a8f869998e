using Microsoft.Extensions.AI;

namespace MatAssistant.Literature;

/// <summary>Chunk embeddings for optional dense retrieval, stored beside the Lucene index as a flat binary file.</summary>
internal sealed class VectorStore
{
    private readonly Dictionary<string, float[]> _vectors;

    private VectorStore(string model, Dictionary<string, float[]> vectors)
    {
        Model = model;
        _vectors = vectors;
    }

    public string Model { get; }

    public int Count => _vectors.Count;

    public static VectorStore Empty(string model) => new(model, new Dictionary<string, float[]>(StringComparer.Ordinal));

    public bool TryGet(string id, out float[] vector) => _vectors.TryGetValue(id, out vector!);

    public void Set(string id, float[] vector) => _vectors[id] = Normalise(vector);

    public static VectorStore? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new BinaryReader(File.OpenRead(path));
        var model = reader.ReadString();
        var count = reader.ReadInt32();
        var vectors = new Dictionary<string, float[]>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var vector = new float[reader.ReadInt32()];
            for (var k = 0; k < vector.Length; k++)
            {
                vector[k] = reader.ReadSingle();
            }

            vectors[id] = vector;
        }

        return new VectorStore(model, vectors);
    }

    public void Write(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Model);
        writer.Write(_vectors.Count);
        foreach (var (id, vector) in _vectors)
        {
            writer.Write(id);
            writer.Write(vector.Length);
            foreach (var v in vector)
            {
                writer.Write(v);
            }
        }
    }

    /// <summary>The ids of the <paramref name="top"/> nearest chunks by cosine similarity (brute force: corpora here are small).</summary>
    public List<string> Nearest(float[] query, int top, Func<string, bool> allowed)
    {
        var q = Normalise(query);
        return _vectors.Where(p => allowed(p.Key) && p.Value.Length == q.Length)
            .Select(p => (p.Key, Score: Dot(p.Value, q)))
            .OrderByDescending(p => p.Score).Take(top).Select(p => p.Key).ToList();
    }

    public static async Task<float[][]> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<string> texts, CancellationToken cancellationToken, Action<int, int>? embedded = null)
    {
        var result = new float[texts.Count][];
        const int Batch = 64;
        for (var i = 0; i < texts.Count; i += Batch)
        {
            var batch = texts.Skip(i).Take(Batch).ToList();
            var embeddings = await generator.GenerateAsync(batch, cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < batch.Count; k++)
            {
                result[i + k] = embeddings[k].Vector.ToArray();
            }

            embedded?.Invoke(i + batch.Count, texts.Count);
        }

        return result;
    }

    private static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static float[] Normalise(float[] v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        return norm <= 0 ? v : v.Select(x => x / norm).ToArray();
    }
}
