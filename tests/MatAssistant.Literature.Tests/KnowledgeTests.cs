using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class KnowledgeTests
{
    private static readonly Lazy<List<KnowledgeFact>> English = new(() => KnowledgeExtractor.Extract(Corpus.Read("002")));
    private static readonly Lazy<List<KnowledgeFact>> Review = new(() => KnowledgeExtractor.Extract(Corpus.Read("000")));

    [Theory]
    [InlineData("002", "CDVAE", "crystal diffusion variational autoencoder")] // figure-caption style "CDVAE: …"
    [InlineData("002", "BLMM", "blank language models for materials")]
    [InlineData("002", "GFlowNet", "Generative flow network")]
    [InlineData("002", "ICSD", "Inorganic Crystal Structure Database")]
    [InlineData("000", "DDPM", "Denoising Diffusion Probabilistic Model")]
    [InlineData("000", "RLHF", "reinforcement learning from human feedback")]
    [InlineData("004", "EBSD", "electron backscatter diffraction")]
    [InlineData("003", "GFlowNet", "生成流网络模型")]
    [InlineData("003", "CNN", "卷积神经网络")]
    public void Acronyms_AreExtractedWithVerbatimSources(string prefix, string shortForm, string longForm)
    {
        var document = Corpus.Read(prefix);
        var facts = KnowledgeExtractor.Extract(document);
        var fact = Assert.Single(facts, f => f.Kind == FactKind.Acronym && f.Subject == shortForm && f.Value.Equals(longForm, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(document.Text[fact.Start..fact.End], fact.Quote);
    }

    [Theory]
    [InlineData("Li6N6Cl")]
    [InlineData("SrTiO3")]
    [InlineData("CaCO6")]
    [InlineData("Mg-Mn-O")]
    public void Formulas_AreValidatedByTheChemistryParser(string reduced) =>
        Assert.Contains(English.Value, f => f.Kind == FactKind.Formula && f.Value == reduced);

    [Theory]
    [InlineData("CNF")]
    [InlineData("NICE")]
    [InlineData("GAN")]
    [InlineData("COVID")]
    public void Acronyms_AreNotFormulas(string word) =>
        Assert.DoesNotContain(Review.Value.Concat(English.Value), f => f.Kind == FactKind.Formula && f.Subject == word);

    [Fact]
    public void FiguresAreLinkedToWhatTheyAreAbout()
    {
        Assert.Contains(English.Value, f => f.Kind == FactKind.Quantity && f.Subject == "MatGAN" && f.Value.Contains("84.5%", StringComparison.Ordinal));
        Assert.Contains(English.Value, f => f.Kind == FactKind.Quantity && f.Value.Contains("506", StringComparison.Ordinal));
    }

    [Fact]
    public void DefinitionsAndModelNames_AreFound()
    {
        Assert.Contains(English.Value, f => f.Kind == FactKind.Definition && f.Subject == "GAN" && f.Quote.Contains("generator and a discriminator", StringComparison.Ordinal));
        Assert.Contains(English.Value, f => f.Kind == FactKind.NamedModel && f.Subject == "CubicGAN");
        Assert.Contains(English.Value, f => f.Kind == FactKind.NamedModel && f.Subject == "AlphaFold2");
        Assert.DoesNotContain(English.Value, f => f.Kind == FactKind.NamedModel && f.Subject.StartsWith("SrTiO", StringComparison.Ordinal));
        Assert.Contains(Review.Value, f => f.Kind == FactKind.NamedModel && f.Subject == "DiffSBDD");
        var review = KnowledgeExtractor.Extract(Corpus.Read("004"));
        Assert.Contains(review, f => f.Kind == FactKind.Definition && f.Subject.EndsWith("limited sloppiness", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("DDPM", "denoising diffusion probabilistic model", true)]
    [InlineData("CDVAE", "crystal diffusion variational autoencoder", true)]
    [InlineData("GAN", "diffusion model", false)]
    [InlineData("RoBERTa", "robustly optimized BERT approach", true)]
    public void LongForm_FollowsSchwartzHearst(string shortForm, string before, bool matches) =>
        Assert.Equal(matches, KnowledgeExtractor.LongForm("we use the " + before, shortForm) is not null);
}
