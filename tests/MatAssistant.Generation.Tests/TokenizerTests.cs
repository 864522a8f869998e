using MatAssistant.Chemistry;
using MatAssistant.Generation;
using Xunit;

namespace MatAssistant.Generation.Tests;

public class TokenizerTests
{
    private static readonly CompositionTokenizer Tokenizer = new(
        new[] { "Li", "Na", "Sr", "Ti", "Fe", "Mn", "O", "F", "S", "Cl", "Pb", "He" }.Select(s => ElementTable.Default[s]), maxCount: 12, maxElements: 4);

    [Theory]
    [InlineData("SrTiO3", "<s> Sr 1 Ti 1 O 3 </s>")]
    [InlineData("Fe2O3", "<s> Fe 2 O 3 </s>")]
    [InlineData("O3TiSr", "<s> Sr 1 Ti 1 O 3 </s>")]
    [InlineData("Li4O2", "<s> Li 2 O 1 </s>")]
    [InlineData("LiMn2O4", "<s> Li 1 Mn 2 O 4 </s>")]
    public void Encode_WritesElementsInElectronegativityOrderWithCounts(string formula, string expected)
    {
        Assert.True(Tokenizer.TryEncode(Composition.Parse(formula), out var tokens));
        Assert.Equal(expected, Tokenizer.Describe(tokens));
        Assert.Equal(Composition.Parse(formula).ReducedFormula, Tokenizer.Decode(tokens).ReducedFormula);
    }

    [Theory]
    [InlineData("CuO")]        // Cu outside the vocabulary
    [InlineData("Li13O")]      // count above 12
    [InlineData("LiNaSrTiO3")] // five elements, limit four
    public void TryEncode_RefusesWhatTheVocabularyCannotWrite(string formula) =>
        Assert.False(Tokenizer.TryEncode(Composition.Parse(formula), out _));

    [Fact]
    public void Decode_RejectsMalformedSequences() =>
        Assert.Throws<FormatException>(() => Tokenizer.Decode([CompositionTokenizer.Bos, Tokenizer.CountToken(2), CompositionTokenizer.Eos]));

    [Fact]
    public void TokenizationStudy_ElementAndCountIsShorterThanSymbolSequences()
    {
        var figures = TokenizationStudy.Measure(new[] { "SrTiO3", "Fe2O3", "Li7La3Zr2O12" }.Select(Composition.Parse).ToArray());
        Assert.Equal((5 + 2 + 5 + 2 + 24 + 2) / 3.0, figures[0].MeanLength, 9);
        Assert.Equal((6 + 4 + 8 + 2 + 2 + 2) / 3.0, figures[1].MeanLength, 9);
    }
}
