using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class StructureTests
{
    [Theory]
    [InlineData("000", "Strategic Frontiers of Generative AI in Science: Implications for Innovation and Management", "Dr. Edward Shevchenko")]
    [InlineData("001", "Strategic Frontiers of Generative AI in Science: Implications for Innovation and Management", "Dr. Edward Shevchenko")]
    [InlineData("002", "Generative AI for Materials Discovery: Design Without Understanding", "Jianjun Hu^a")]
    [InlineData("003", "用于材料发现的生成式人工智能——无需理解的设计", "胡建军^a")]
    [InlineData("004", "Reflections on the future of machine learning for materials research", "Naohiro Fujinuma")]
    public void TitleAndAuthors_AreRecovered(string prefix, string title, string authorsStart)
    {
        var document = Corpus.Read(prefix);
        Assert.Equal(title, document.Title);
        Assert.StartsWith(authorsStart, document.Authors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000", "2.3. Advancements in Diffusion Models for Material Synthesis")]
    [InlineData("000", "2.2 Exploring Generative Models: The Variational Autoencoder Approach")]
    [InlineData("000", "Evaluating Reliability and Accessibility")]
    [InlineData("000", "References:")]
    [InlineData("002", "3.1. Generative design of material compositions")]
    [InlineData("003", "3.2. 晶体结构的生成式设计")]
    [InlineData("004", "IV. OPENLY ASSESS DATASET BIAS")]
    [InlineData("004", "A. Acknowledging dataset bias")]
    public void Headings_NumberedRomanLetteredAndNamed(string prefix, string heading)
    {
        var document = Corpus.Read(prefix);
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Heading && b.Section == heading);
    }

    [Theory]
    [InlineData("004", "2. Openly assess dataset bias")]
    [InlineData("002", "Views & Comments")]
    [InlineData("004", "Naohiro Fujinuma,^{1,2} Brian DeCost,³ Jason Hattrick-Simpers,⁴ and Samuel E. Lofland⁵")]
    public void ListItemsAndFrontMatter_AreNotHeadings(string prefix, string line)
    {
        var document = Corpus.Read(prefix);
        Assert.DoesNotContain(document.Blocks, b => b.Kind == BlockKind.Heading && b.Section == line);
    }

    [Theory]
    [InlineData("000", "EdEconomy Publishing")]
    [InlineData("001", "Edfconomy Publishing")]
    public void PageFurniture_IsDropped(string prefix, string furniture)
    {
        var document = Corpus.Read(prefix);
        Assert.Contains(furniture, document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(document.Blocks, b => document.Text[b.Start..b.End].Contains(furniture, StringComparison.Ordinal));
    }

    [Fact]
    public void Abstract_CaptionsTablesAndReferences_AreClassified()
    {
        var english = Corpus.Read("002");
        Assert.Contains(english.Blocks, b => b.Kind == BlockKind.Caption && english.Text[b.Start..b.End].StartsWith("Fig. 2.", StringComparison.Ordinal));
        Assert.Contains(english.Blocks, b => b.Kind == BlockKind.Table && english.Text[b.Start..b.End].Contains("Crystal structures", StringComparison.Ordinal));
        Assert.Contains(english.Blocks, b => b.Kind == BlockKind.Reference);
        var review = Corpus.Read("004");
        Assert.Contains(review.Blocks, b => b.Kind == BlockKind.Abstract && b.Section == "I. ABSTRACT");
        Assert.True(review.Blocks.Count(b => b.Kind == BlockKind.Reference) > 50);
        Assert.DoesNotContain(review.Blocks, b => b.Kind == BlockKind.Caption && review.Text[b.Start..b.End].StartsWith("Fig. 5 elucidates", StringComparison.Ordinal));
    }

    [Fact]
    public void ParagraphCutByPageBreak_IsJoined()
    {
        // 002 breaks "… learned implicit rules and constraints" / "from known protein structures …" across a blank line.
        var document = Corpus.Read("002");
        var block = Assert.Single(document.Blocks, b => document.Text[b.Start..b.End].Contains("implicit rules and constraints", StringComparison.Ordinal) && b.Kind == BlockKind.Paragraph);
        Assert.Contains("from known protein structures", document.Text[block.Start..block.End], StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_IsReadThroughMarkdig_WithExactOffsets()
    {
        var document = DocumentReader.Read(Path.Combine(AppContext.BaseDirectory, "TestData", "sample.md"));
        Assert.Equal("markdown", document.Format);
        Assert.Equal("Perovskite Oxides for Catalysis", document.Title);
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Heading && b.Section == "1. Introduction");
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Table && document.Text[b.Start..b.End].Contains("BaTiO3", StringComparison.Ordinal));
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.List);
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Code);
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Reference && b.Section == "References");
        var paragraph = Assert.Single(document.Blocks, b => b.Kind == BlockKind.Paragraph && b.Section == "1. Introduction");
        Assert.StartsWith("Perovskite oxides such as SrTiO3", document.Text[paragraph.Start..paragraph.End], StringComparison.Ordinal);
        Assert.EndsWith("3.2 eV for SrTiO3.", document.Text[paragraph.Start..paragraph.End], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("paper.odt", "not supported yet")]
    [InlineData("paper.rtf", "not supported yet")]
    [InlineData("paper.xyz", "not a known document format")]
    public void UnsupportedFormats_GiveAClearMessage(string name, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"matassist-{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, "%PDF-1.4");
        try
        {
            var error = Assert.Throws<DocumentFormatException>(() => DocumentReader.Read(path));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Contains(".md", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InvalidUtf8_GivesAClearMessage()
    {
        var error = Assert.Throws<DocumentFormatException>(() => DocumentReader.Parse("bad.txt", "bad.txt", [0x41, 0xFF, 0xFE, 0x42], "text"));
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }
}
