using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatAssistant.Literature;

/// <summary>What the index keeps of each document, for incremental re-ingest and for search-time metadata.</summary>
/// <param name="Name">The file name: the document's identity.</param>
/// <param name="Path">Where it was read from.</param>
/// <param name="Hash">SHA-256 of the file's bytes.</param>
/// <param name="Format">The reader that understood it.</param>
/// <param name="Language">Main language.</param>
/// <param name="Title">Recovered title.</param>
/// <param name="Authors">Recovered author line.</param>
/// <param name="Chunks">Passages indexed.</param>
/// <param name="MinHash">Shingle signature (versions).</param>
/// <param name="Anchors">Language-neutral anchors (translations).</param>
/// <param name="Collection">The collection the document belongs to (<see cref="LiteratureIngestor.CorpusCollection"/> for the synchronised corpus).</param>
/// <param name="PageStarts">Offsets in the stored text where each page starts (PDF); null for formats without pages.</param>
/// <param name="Added">When the document's current content was first indexed.</param>
internal sealed record ManifestDocument(
    string Name,
    string Path,
    string Hash,
    string Format,
    string Language,
    string Title,
    string Authors,
    int Chunks,
    ulong[] MinHash,
    string[] Anchors,
    string Collection = LiteratureIngestor.CorpusCollection,
    int[]? PageStarts = null,
    DateTimeOffset? Added = null);

/// <summary>The description of one index generation, written last, so a generation without it is incomplete.</summary>
/// <param name="SchemaVersion">See <see cref="CurrentSchema"/>.</param>
/// <param name="Documents">Every document, by name.</param>
/// <param name="Duplicates">Version pairs.</param>
/// <param name="Translations">Translation pairs.</param>
/// <param name="EmbeddingModel">The model of <c>vectors.bin</c>, null without dense retrieval.</param>
/// <param name="Created">When the generation was built.</param>
/// <param name="Sources">The sources the corpus collection is synchronised with (what <see cref="LiteratureIngestor.Ingest"/> was given).</param>
/// <param name="CollectionSources">Sources of every synchronised collection, by name (the corpus's included).</param>
/// <param name="Rejected">Files of the sources that could not be read (name → content hash), so that they do not count as changes.</param>
/// <param name="Excluded">Documents removed by hand from a synchronised collection, which synchronising must not bring back.</param>
internal sealed record IndexManifest(
    int SchemaVersion,
    string[] Sources,
    List<ManifestDocument> Documents,
    List<string[]> Duplicates,
    List<string[]> Translations,
    string? EmbeddingModel,
    DateTimeOffset Created,
    Dictionary<string, string[]>? CollectionSources = null,
    string[]? Excluded = null,
    Dictionary<string, string>? Rejected = null)
{
    /// <summary>Bumped whenever parsing, chunking, analysis or extraction changes, so that old indexes are rebuilt.</summary>
    public const int CurrentSchema = 5;
}

/// <summary>
/// Index generations on disk: <c>literature/gen-N/</c> holds a complete index (Lucene segments, manifest, knowledge,
/// vectors) and <c>literature/CURRENT</c> names the live one. An ingest writes a new generation in a temporary directory,
/// renames it, then replaces CURRENT atomically, so an interrupted ingest leaves the previous generation live.
/// </summary>
internal static class IndexStore
{
    public const string LuceneFolder = "lucene";
    public const string ManifestFile = "manifest.json";
    public const string KnowledgeFile = "knowledge.json";
    public const string VectorsFile = "vectors.bin";

    /// <summary>Folder of each document's text (the decoded file, or what was extracted from a PDF): offsets refer to it.</summary>
    public const string TextFolder = "text";
    private const string CurrentFile = "CURRENT";

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Root(string dataDir) => Path.Combine(dataDir, "literature");

    /// <summary>The live generation's directory, or null when there is none (or it is unreadable).</summary>
    public static string? CurrentGeneration(string dataDir)
    {
        var pointer = Path.Combine(Root(dataDir), CurrentFile);
        if (!File.Exists(pointer))
        {
            return null;
        }

        var name = File.ReadAllText(pointer).Trim();
        var directory = Path.Combine(Root(dataDir), name);
        return name.Length > 0 && File.Exists(Path.Combine(directory, ManifestFile)) ? directory : null;
    }

    public static IndexManifest? ReadManifest(string generation)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize<IndexManifest>(File.ReadAllText(Path.Combine(generation, ManifestFile)), Json);
            return manifest?.SchemaVersion == IndexManifest.CurrentSchema ? manifest : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Where a document's stored text lives in <paramref name="generation"/>.</summary>
    public static string TextPath(string generation, string document) => Path.Combine(generation, TextFolder, document + ".txt");

    public static List<KnowledgeFact> ReadKnowledge(string generation)
    {
        var path = Path.Combine(generation, KnowledgeFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<List<KnowledgeFact>>(File.ReadAllText(path), Json) ?? [] : [];
    }

    /// <summary>A fresh temporary directory for the next generation.</summary>
    public static string BeginGeneration(string dataDir)
    {
        var root = Root(dataDir);
        Directory.CreateDirectory(root);
        var temporary = Path.Combine(root, $"tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        return temporary;
    }

    /// <summary>Renames the finished temporary generation and points CURRENT at it (temp file + rename: atomic on one file system).</summary>
    public static string Publish(string dataDir, string temporary)
    {
        var root = Root(dataDir);
        var next = Directory.GetDirectories(root, "gen-*").Select(d => int.TryParse(Path.GetFileName(d)[4..], out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1;
        var name = $"gen-{next:D6}";
        var final = Path.Combine(root, name);
        Directory.Move(temporary, final);
        var pointer = Path.Combine(root, CurrentFile);
        var pointerTemp = pointer + $".{Guid.NewGuid():N}.tmp";
        File.WriteAllText(pointerTemp, name);
        File.Move(pointerTemp, pointer, overwrite: true);
        CleanUp(root, name);
        return final;
    }

    /// <summary>Removes old generations and the leftovers of interrupted ingests; failures are harmless (another process may read them).</summary>
    public static void CleanUp(string root, string keep)
    {
        foreach (var directory in Directory.GetDirectories(root))
        {
            var name = Path.GetFileName(directory);
            if (name != keep && (name.StartsWith("gen-", StringComparison.Ordinal) || name.StartsWith("tmp-", StringComparison.Ordinal)))
            {
                try
                {
                    Directory.Delete(directory, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Still open elsewhere (Windows); the next ingest tries again.
                }
            }
        }
    }

    public static long SizeOf(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
