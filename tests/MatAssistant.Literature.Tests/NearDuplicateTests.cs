using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class NearDuplicateTests
{
    [Theory]
    [InlineData("000", "001", true, false)]
    [InlineData("002", "003", false, true)]
    [InlineData("000", "002", false, false)]
    [InlineData("001", "004", false, false)]
    [InlineData("003", "004", false, false)]
    [InlineData("000", "003", false, false)]
    public void VersionsAndTranslations_AreTold(string a, string b, bool versions, bool translations)
    {
        var documents = new[] { Corpus.Read(a), Corpus.Read(b) }.Select(d =>
        {
            var s = NearDuplicates.Sign(d);
            return new ManifestDocument(d.Name, d.Path, d.Hash, d.Format, d.Language, d.Title, d.Authors, 0, s.MinHash, s.Anchors);
        }).ToList();
        var (duplicates, translated) = LiteratureIngestor.Relate(documents);
        Assert.Equal(versions, duplicates.Count == 1);
        Assert.Equal(translations, translated.Count == 1);
    }

    [Theory]
    [InlineData("000", "en")]
    [InlineData("003", "zh")]
    public void Language_IsDetected(string prefix, string language) => Assert.Equal(language, Corpus.Read(prefix).Language);
}
