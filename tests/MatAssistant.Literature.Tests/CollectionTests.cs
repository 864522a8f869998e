using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class CollectionTests
{
    [Fact]
    public void AddRemoveList_KeepTheCorpusAndPickUpNewGenerations()
    {
        using var scratch = new Scratch();
        var papers = Path.Combine(scratch.Root, "papers");
        Directory.CreateDirectory(papers);
        var corpus = Path.Combine(scratch.Root, "shipped");
        Directory.CreateDirectory(corpus);
        foreach (var prefix in new[] { "000", "002", "003" })
        {
            File.Move(scratch.File(prefix), Path.Combine(corpus, Path.GetFileName(scratch.File(prefix))));
        }

        LiteratureIngestor.Ingest([corpus], scratch.DataDir);
        using var live = new LiveLiteratureIndex(scratch.DataDir);
        Assert.Equal(3, live.Current!.Documents.Count);

        // Adding documents keeps the corpus; a named collection holds them; the open index picks the new generation up.
        var added = LiteratureIngestor.Add([scratch.CorpusDir], scratch.DataDir, "mine");
        Assert.Equal((5, 2), (added.Documents.Count, added.Reindexed));
        Assert.Equal(2, LiteratureIngestor.List(scratch.DataDir, "mine").Count);
        Assert.Equal(5, live.Current!.Documents.Count);
        Assert.Contains(live.Current.Search("dataset bias", 5), h => h.Document.StartsWith("004_", StringComparison.Ordinal));
        Assert.All(live.Current.Search("generative models", 5, collection: "mine"), h => Assert.Contains(h.Document, new[] { Path.GetFileName(scratch.File("001")), Path.GetFileName(scratch.File("004")) }));
        Assert.All(live.Current.Search("generative models", 5, collection: LiteratureIngestor.CorpusCollection), h => Assert.DoesNotContain(h.Document, new[] { Path.GetFileName(scratch.File("001")), Path.GetFileName(scratch.File("004")) }));
        Assert.Empty(live.Current.Search("generative models", 5, collection: "nobody"));

        // Adding again is incremental; the same name in another collection is refused with a message.
        Assert.Equal((0, 0), (LiteratureIngestor.Add([scratch.CorpusDir], scratch.DataDir, "mine").Reindexed, 0));
        var clash = LiteratureIngestor.Add([scratch.File("004")], scratch.DataDir, "other");
        Assert.Contains("already in collection 'mine'", Assert.Single(clash.Errors).Message, StringComparison.Ordinal);

        // The corpus stays when synchronised again, and a corpus document removed by hand stays out.
        var name003 = LiteratureIngestor.List(scratch.DataDir, LiteratureIngestor.CorpusCollection).Single(d => d.Name.StartsWith("003_", StringComparison.Ordinal)).Name;
        var removed = LiteratureIngestor.Remove([name003], scratch.DataDir);
        Assert.Equal(1, removed.Removed);
        Assert.True(LiteratureIndex.IsCurrent([corpus], scratch.DataDir));
        LiteratureIngestor.Ingest([corpus], scratch.DataDir);
        Assert.Equal(4, LiteratureIngestor.List(scratch.DataDir).Count);
        Assert.Empty(live.Current!.Search("生成流网络", 3));

        // Removing a whole collection; unknown names are reported.
        Assert.Equal(2, LiteratureIngestor.Remove([], scratch.DataDir, "mine").Removed);
        Assert.Contains("no such document", Assert.Single(LiteratureIngestor.Remove(["nope.pdf"], scratch.DataDir).Errors).Message, StringComparison.Ordinal);
        Assert.All(LiteratureIngestor.List(scratch.DataDir), d => Assert.Equal(LiteratureIngestor.CorpusCollection, d.Collection));
    }

    [Fact]
    public void DocumentText_IsWhatHitsQuote_EvenAfterTheFileChanges()
    {
        using var scratch = new Scratch();
        LiteratureIngestor.Ingest([scratch.CorpusDir], scratch.DataDir);
        using var index = LiteratureIndex.TryOpen(scratch.DataDir)!;
        var hit = index.Search("crystal diffusion variational autoencoder", 1)[0];
        File.WriteAllText(Path.Combine(scratch.CorpusDir, hit.Document), "changed");
        var text = index.DocumentText(hit.Document)!;
        Assert.Equal(hit.Text, text[hit.Start..hit.End]);
        Assert.Null(hit.Page);
        Assert.Null(index.DocumentText("no-such-document.txt"));
    }
}
