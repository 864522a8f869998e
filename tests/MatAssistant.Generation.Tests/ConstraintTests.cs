using MatAssistant.Chemistry;
using MatAssistant.Generation;
using Xunit;

namespace MatAssistant.Generation.Tests;

public class ConstraintTests
{
    private static readonly CompositionTokenizer Tokenizer = new(
        new[] { "Li", "Na", "K", "Mg", "Sr", "Ti", "Fe", "Mn", "Co", "Ni", "O", "F", "S", "Cl", "N", "P" }.Select(s => ElementTable.Default[s]), maxCount: 8, maxElements: 5);

    [Theory]
    [InlineData("Li", "Li", null, null, null, "both included and excluded")]
    [InlineData("Xx", null, null, null, null, "not an element symbol")]
    [InlineData("Cu", null, null, null, null, "never saw it in training")]
    [InlineData("Li,O,F", null, 2, null, null, "at most 2")]
    [InlineData("Li,O,F", null, null, 2, null, "at most 2")]
    [InlineData(null, null, 6, null, null, "between 1 and 5")]
    [InlineData("Li,O,F", null, null, null, 2, "at least 3 atoms")]
    [InlineData(null, "Li,Na,K,Mg,Sr,Ti,Fe,Mn,Co,Ni,O,F,S", 4, null, null, "only 3 elements remain")]
    [InlineData(null, null, null, 0, null, "at least 1")]
    public void Compile_RefusesImpossibleConstraintsWithTheReason(string? include, string? exclude, int? exact, int? max, int? atoms, string reason)
    {
        var constraints = new DecodingConstraints(include?.Split(','), exclude?.Split(','), exact, max, atoms);
        var e = Assert.Throws<ImpossibleConstraintsException>(() => ConstraintMasker.Compile(Tokenizer, constraints));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string?, string?, int?, int?, int?> Feasible => new()
    {
        { null, null, null, null, null },
        { "Li,O", null, null, null, null },
        { "Li,O", "Fe,Co", 3, null, null },
        { "O", null, null, 2, 4 },
        { "P,Li", null, 5, null, 5 },
        { null, null, 4, null, 4 },
        { "Ti,Sr,O", null, null, 3, 5 },
        { "Cl", "Li,Na,K,Mg,Sr,Ti,Fe,Mn,Co,Ni,O,F", 3, null, 3 },
    };

    /// <summary>Random walks through the masks never dead-end and always end in a formula meeting the constraints.</summary>
    [Theory]
    [MemberData(nameof(Feasible))]
    public void RandomWalksThroughTheMasks_AlwaysMeetTheConstraints(string? include, string? exclude, int? exact, int? max, int? atoms)
    {
        var constraints = new DecodingConstraints(include?.Split(','), exclude?.Split(','), exact, max, atoms);
        var masker = ConstraintMasker.Compile(Tokenizer, constraints);
        var random = new Random(7);
        var allowed = new bool[Tokenizer.VocabularySize];
        for (var walk = 0; walk < 2000; walk++)
        {
            var state = DecodingState.Start;
            var tokens = new List<int> { CompositionTokenizer.Bos };
            while (!state.Finished)
            {
                var n = masker.FillAllowed(state, allowed);
                Assert.True(n > 0, $"dead end after {Tokenizer.Describe(tokens.ToArray())}");
                var choices = Enumerable.Range(0, allowed.Length).Where(t => allowed[t]).ToArray();
                var token = choices[random.Next(choices.Length)];
                tokens.Add(token);
                state = masker.Advance(state, token);
                Assert.True(tokens.Count <= Tokenizer.MaxSequenceLength);
            }

            var composition = Tokenizer.Decode(tokens.ToArray());
            Assert.True(constraints.IsSatisfiedBy(composition), $"{composition} breaks {constraints}");
        }
    }
}
