using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class IngestTests
{
    [Fact]
    public void Reingest_IsIncrementalByContentHash()
    {
        using var scratch = new Scratch();
        var first = LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir);
        Assert.Equal(5, first.Reindexed);

        var again = LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir);
        Assert.Equal((5, 0), (again.Reused, again.Reindexed));
        Assert.True(LiteratureIndex.IsCurrent([scratch.CorpusDir], scratch.DataDir));

        File.AppendAllText(scratch.File("004"), "\n\nZeolite frameworks were screened with a quasicrystalline surrogate.\n");
        File.Delete(scratch.File("003"));
        Assert.False(LiteratureIndex.IsCurrent([scratch.CorpusDir], scratch.DataDir));
        using var stale = LiteratureIndex.TryOpen(scratch.DataDir)!;
        Assert.True(stale.IsLatest);
        var changed = LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir);
        Assert.False(stale.IsLatest);
        Assert.NotEmpty(stale.Search("crystal diffusion variational autoencoder", 3)); // the old generation stays readable while open
        Assert.Equal((3, 1, 1), (changed.Reused, changed.Reindexed, changed.Removed));
        Assert.Empty(changed.Translations);

        using var index = LiteratureIndex.TryOpen(scratch.DataDir)!;
        Assert.Contains(index.Search("quasicrystalline zeolite surrogate", 3), h => h.Document.StartsWith("004_", StringComparison.Ordinal));
        Assert.Empty(index.Search("生成流网络", 3));
        Assert.Equal(first.Chunks - first.Chunks + index.ChunkCount, changed.Chunks);
        Assert.Single(Directory.GetDirectories(Path.Combine(scratch.DataDir, "literature")));
    }

    /// <summary>Regression: `matassist ingest /nope` used to publish an empty index over the good one.</summary>
    [Fact]
    public void IngestOfNothingReadable_KeepsThePreviousIndex()
    {
        using var scratch = new Scratch();
        LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir);
        var error = Assert.Throws<InvalidOperationException>(() => LiteratureIngestor.Ingest([Path.Combine(scratch.Root, "missing")], scratch.DataDir));
        Assert.Contains("nothing could be indexed", error.Message, StringComparison.Ordinal);
        using var index = LiteratureIndex.TryOpen(scratch.DataDir)!;
        Assert.Equal(5, index.Documents.Count);
        Assert.NotEmpty(index.Search("crystal diffusion variational autoencoder", 3));
    }

    [Fact]
    public void AbortedIngest_LeavesThePreviousIndexUsable()
    {
        using var scratch = new Scratch();
        LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir);
        using var before = LiteratureIndex.TryOpen(scratch.DataDir)!;
        var generation = before.Generation;

        // Change every file, then abort once the first changed document has been written into the new index.
        foreach (var file in Directory.GetFiles(scratch.CorpusDir))
        {
            File.AppendAllText(file, "\n\nA sentence about tungsten borides added later.\n");
        }

        using var abort = new CancellationTokenSource();
        var progress = new Reporter(p =>
        {
            if (p.Stage == "indexed")
            {
                abort.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir, progress: progress, cancellationToken: abort.Token));

        using var after = LiteratureIndex.TryOpen(scratch.DataDir)!;
        Assert.Equal(generation, after.Generation);
        Assert.NotEmpty(after.Search("crystal diffusion variational autoencoder", 3));
        Assert.Empty(after.Search("tungsten borides", 3));
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(scratch.DataDir, "literature")), d => Path.GetFileName(d).StartsWith("tmp-", StringComparison.Ordinal));

        // A crash (a leftover temporary generation) is also harmless, and the next ingest cleans it up.
        Directory.CreateDirectory(Path.Combine(scratch.DataDir, "literature", "tmp-crashed", "lucene"));
        File.WriteAllText(Path.Combine(scratch.DataDir, "literature", "tmp-crashed", "lucene", "_0.cfs"), "half written");
        using (var reopened = LiteratureIndex.TryOpen(scratch.DataDir)!)
        {
            Assert.Equal(generation, reopened.Generation);
        }

        var finished = LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir);
        Assert.Equal(5, finished.Reindexed);
        using var latest = LiteratureIndex.TryOpen(scratch.DataDir)!;
        Assert.NotEmpty(latest.Search("tungsten borides", 3));
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(scratch.DataDir, "literature")), d => Path.GetFileName(d) == "tmp-crashed");
    }

    [Fact]
    public void MissingAndUnsupportedFiles_AreReported_AndTheRestIsIngested()
    {
        using var scratch = new Scratch();
        var pdf = Path.Combine(scratch.CorpusDir, "scan.pdf");
        File.WriteAllText(pdf, "%PDF-1.4");
        var missing = Path.Combine(scratch.Root, "missing.txt");
        var report = LiteratureIngestor.Ingest([scratch.CorpusDir, missing], scratch.DataDir);
        Assert.Equal(5, report.Documents.Count);
        Assert.Contains(report.Errors, e => e.Path == missing && e.Message.Contains("no such file", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Path == pdf && e.Message.Contains("not a readable PDF", StringComparison.Ordinal));

        // The unreadable file does not make every later search re-run the ingest.
        Assert.True(LiteratureIndex.IsCurrent([scratch.CorpusDir, missing], scratch.DataDir));
    }

    [Fact]
    public void IsCurrent_IgnoresFilesThatCouldNeverBeRead()
    {
        // Regression: an unreadable file (here a dangling link) made every search re-run the ingest.
        using var scratch = new Scratch();
        var dangling = Path.Combine(scratch.CorpusDir, "dangling.txt");
        File.CreateSymbolicLink(dangling, Path.Combine(scratch.Root, "gone.txt"));
        var missing = Path.Combine(scratch.Root, "missing.txt");
        var report = LiteratureIngestor.Ingest([scratch.CorpusDir, missing], scratch.DataDir);
        Assert.Contains(report.Errors, e => e.Path == dangling);
        Assert.True(LiteratureIndex.IsCurrent([scratch.CorpusDir, missing], scratch.DataDir));
        Assert.Equal([Path.GetFullPath(scratch.CorpusDir), missing], LiteratureIndex.IndexedSources(scratch.DataDir));
    }

    [Fact]
    public void OpenOrBuild_BuildsOnFirstUse_ThenReuses()
    {
        using var scratch = new Scratch();
        var builds = 0;
        using (var index = LiteratureIndex.OpenOrBuild([scratch.CorpusDir], scratch.DataDir, built: _ => builds++))
        {
            Assert.Equal(5, index.Documents.Count);
        }

        using (LiteratureIndex.OpenOrBuild([scratch.CorpusDir], scratch.DataDir, built: _ => builds++))
        {
            Assert.Equal(1, builds);
        }
    }

    private sealed class Reporter(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
