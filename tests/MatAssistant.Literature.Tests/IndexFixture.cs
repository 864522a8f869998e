namespace MatAssistant.Literature.Tests;

/// <summary>One index of the shipped corpus shared by the search tests (built once, about a second).</summary>
public sealed class IndexFixture : IDisposable
{
    public IndexFixture()
    {
        DataDir = Path.Combine(Path.GetTempPath(), $"matassist-lit-{Guid.NewGuid():N}");
        Report = LiteratureIngestor.Ingest([Corpus.Directory], DataDir);
        Index = LiteratureIndex.TryOpen(DataDir) ?? throw new InvalidOperationException("no index");
    }

    public string DataDir { get; }

    public IngestReport Report { get; }

    public LiteratureIndex Index { get; }

    public void Dispose()
    {
        Index.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }
}

/// <summary>A scratch data directory and a copy of the corpus that a test may change.</summary>
internal sealed class Scratch : IDisposable
{
    public Scratch()
    {
        Root = Path.Combine(Path.GetTempPath(), $"matassist-scratch-{Guid.NewGuid():N}");
        CorpusDir = Path.Combine(Root, "corpus");
        DataDir = Path.Combine(Root, "data");
        Directory.CreateDirectory(CorpusDir);
        foreach (var file in Directory.GetFiles(Corpus.Directory))
        {
            System.IO.File.Copy(file, Path.Combine(CorpusDir, Path.GetFileName(file)));
        }
    }

    public string Root { get; }

    public string CorpusDir { get; }

    public string DataDir { get; }

    public string File(string prefix) => Directory.GetFiles(CorpusDir, prefix + "_*").Single();

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
