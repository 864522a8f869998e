using MatAssistant.Chemistry;
using MatAssistant.Generation;
using MatAssistant.Torch;
using Xunit;

namespace MatAssistant.Generation.Tests;

/// <summary>Charge-aware decoding (<see cref="ChargeBalanceMask"/>): reachable charge sums, cations before anions.</summary>
public sealed class ChargeBalanceTests : IClassFixture<GeneratorTests.TinyModel>
{
    private static readonly OxidationStateSet States = OxidationStateSet.LoadSmact(
        new StringReader("Li 1\nNa 1\nMn 2 3 4 7\nFe 2 3\nO -2\nF -1\nN -3 3 5\nCl -1 1 3 5 7\n"), "test");

    private static readonly CompositionTokenizer Tokenizer = new(
        new[] { "Li", "Na", "Mn", "Fe", "O", "F", "N", "Cl" }.Select(s => ElementTable.Default[s]));

    private readonly GeneratorTests.TinyModel _fixture;

    public ChargeBalanceTests(GeneratorTests.TinyModel fixture) => _fixture = fixture;

    private static bool Balanced(ChargeBalanceMask mask, CompositionTokenizer tokenizer, params (string Symbol, int Count)[] sequence)
    {
        var sums = ChargeBalanceMask.Start();
        foreach (var (symbol, count) in sequence)
        {
            mask.Add(sums, tokenizer.RankOf(ElementTable.Default[symbol]), count);
        }

        return sums.Balanced;
    }

    [Theory]
    [InlineData("Li:2,O:1", true)]
    [InlineData("Li:1,O:1", false)]
    [InlineData("Mn:1,O:2", true)]          // Mn+4
    [InlineData("Li:1,Mn:2,O:4", false)]    // needs mixed valence (Mn+3/Mn+4), which one state per element cannot give
    [InlineData("Fe:2,O:3", true)]
    [InlineData("Li:3,N:1", true)]
    [InlineData("Na:1,Cl:1", true)]
    [InlineData("O:1,Li:2", false)]         // an anion before a cation: not electronegativity-ordered
    [InlineData("Li:1", false)]             // no anion
    [InlineData("Li:1,Na:1,O:1", true)]
    public void Balanced_NeedsANeutralCationsFirstAssignment(string formula, bool expected)
    {
        var mask = new ChargeBalanceMask(Tokenizer, States);
        var sequence = formula.Split(',').Select(p => p.Split(':')).Select(p => (p[0], int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        Assert.Equal(expected, Balanced(mask, Tokenizer, sequence));
    }

    [Fact]
    public void Generate_WithChargeBalance_EndsOnlyBalanced_UnlessNoOtherTokenRemained()
    {
        TorchRuntime.SetThreads(1);
        var generator = _fixture.Generator;
        var tokenizer = generator.Tokenizer;
        var states = OxidationStateSet.Icsd24;
        var mask = new ChargeBalanceMask(tokenizer, states);
        var last = tokenizer.Elements[^1];
        bool IsBalanced(Composition c) => Balanced(mask, tokenizer, [.. c.Elements.OrderBy(e => tokenizer.RankOf(e)).Select(e => (e.Symbol, (int)c.GetAmount(e)))]);

        var plain = generator.Generate(new GenerationRequest(400, 5)).Count(s => IsBalanced(s.Composition));
        var masked = generator.Generate(new GenerationRequest(400, 5, ChargeBalance: states));
        Assert.All(masked, s => Assert.True(
            IsBalanced(s.Composition) || s.Composition.ElementCount == tokenizer.MaxElements || s.Composition.Contains(last),
            $"{s.ReducedFormula} ended unbalanced while other tokens were allowed"));
        Assert.True(masked.Count(s => IsBalanced(s.Composition)) > plain, $"masked {masked.Count(s => IsBalanced(s.Composition))} vs plain {plain} of 400");
    }
}
