namespace MatAssistant.Chemistry.Tests;

/// <summary>Regressions from fuzzing the parser and the rules (issue 12, item 7), each named after what broke.</summary>
public class ParsingRegressionTests
{
    private static readonly CompositionRules DefaultRules = new();

    [Theory]
    [InlineData("Fe0.0000001")]
    [InlineData("Li0.0000001O")]
    [InlineData("Li1e-9O")]
    [InlineData("Fe0.0000001O0.0000002")]
    public void TinyAmount_DoesNotDivideByZero(string formula)
    {
        var composition = Composition.Parse(formula);
        var verdict = DefaultRules.Evaluate(composition);
        Assert.NotNull(verdict);
        Assert.Equal(verdict.Valid, DefaultRules.IsValid(composition));
        _ = DefaultRules.Test(composition);
    }

    [Theory]
    [InlineData("Fe0.0000001", "Fe")]
    [InlineData("Fe0.0000001O0.0000002", "Fe1e-7O2e-7")] // no multiplier up to 1000 makes these whole: kept, but readable
    [InlineData("Li0.0000001O", "Li1e-7O")]
    [InlineData("Na9.9e-09Cl", "Na9.9e-9Cl")]
    [InlineData("Te1.29Ca0.0000012H2O", "Ca1.2e-6Te1.290H2O")] // Te1.29H2O would read back as a hydrate
    [InlineData("Ca0.0000012H2OB0.5", "Ca1.2e-6B0.500H2O")]
    public void TinyAmount_ReducedFormula_ParsesBack(string formula, string reduced)
    {
        var composition = Composition.Parse(formula);
        Assert.Equal(reduced, composition.ReducedFormula);
        Assert.True(FormulaParser.TryParse(composition.ReducedFormula, out var back, out var error), error?.Message);
        Assert.Equal(composition.Reduce().Composition.ElementCount, back.ElementCount);
    }

    [Fact]
    public void TraceAmount_NotIntegral_DetailNamesTheTrace()
    {
        var verdict = DefaultRules.Evaluate(Composition.Parse("Li1e-9O"));
        Assert.Equal(ValidityReason.NotIntegral, verdict.Reason);
        Assert.Contains("Li1e-9 is a trace amount", verdict.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Na9.9e-09", 9.9e-9)]
    [InlineData("Na9.9e-9Cl", 9.9e-9)]
    [InlineData("Na1e+2Cl", 100)]
    [InlineData("Na1e2Cl", 100)]
    [InlineData("Na2.5e-1Cl", 0.25)]
    public void ScientificNotation_InAmounts_Parses(string formula, double sodium) =>
        Assert.Equal(sodium, Composition.Parse(formula).GetAmount("Na"), 15);

    [Theory]
    [InlineData("Na0.0000000001Cl", 1e-10)] // 12 characters: once called "absurd, over 10^6"
    [InlineData("Li0.123456789012O", 0.123456789012)]
    public void LongAmount_WithinLimits_Parses(string formula, double amount) =>
        Assert.Equal(amount, Composition.Parse(formula).Amounts[0], 15);

    [Theory]
    [InlineData("Fe1234567890123O", "over the limit of 10^6")]
    [InlineData("Fe0.000000000000000000000012O", "characters long")]
    [InlineData("Fe1e-13O", "below 1e-12")]
    [InlineData("Fe1e-400O", "below 1e-12")]
    [InlineData("Fe0.0e5O", "is zero")]
    [InlineData("Fe1e7O", "over the limit of 10^6")]
    public void BadAmount_GetsTheRightMessage(string formula, string message)
    {
        Assert.False(FormulaParser.TryParse(formula, out _, out var error));
        Assert.Equal(FormulaErrorKind.InvalidCount, error.Kind);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("absurd", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fee2")] // a small e after a symbol is not an exponent
    [InlineData("Fe2e")]
    [InlineData("Fe2e-")]
    public void SmallE_NotFollowedByDigits_IsNotAnExponent(string formula) =>
        Assert.False(FormulaParser.TryParse(formula, out _, out _));

    [Theory]
    [InlineData("D2O", "deuterium")]
    [InlineData("CD4", "deuterium")]
    [InlineData("T2O", "tritium")]
    public void IsotopeSymbol_GetsAClearNote(string formula, string isotope)
    {
        Assert.False(FormulaParser.TryParse(formula, out _, out var error));
        Assert.Contains(isotope, error.Message, StringComparison.Ordinal);
        Assert.Contains("write H", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FeNi")]
    [InlineData("Fe3Al")]
    [InlineData("CuZn")]
    public void Alloy_ShowsNoOxidationStates(string formula)
    {
        var verdict = DefaultRules.Evaluate(Composition.Parse(formula));
        Assert.Equal(ValidityReason.Alloy, verdict.Reason);
        Assert.True(verdict.Valid);
        Assert.Null(verdict.OxidationStates);
    }

    /// <summary>Bounded, seeded fuzz: mutated real formulas and random strings through the parser and every rule path.</summary>
    [Fact]
    public void Fuzz_ParserAndRules_ThrowNothing()
    {
        var rules = new[]
        {
            DefaultRules,
            new CompositionRules(ScreeningRules.Default with { UsePaulingTest = false }),
            new CompositionRules(ScreeningRules.Default with { MixedValence = true, Peroxides = true, OxidationStates = OxidationStateSet.Icsd24 }),
        };
        var parsed = 0;
        foreach (var formula in FuzzFormulas.Generate(seed: 12, count: 20_000))
        {
            if (!FormulaParser.TryParse(formula, out var composition, out var error))
            {
                Assert.False(string.IsNullOrWhiteSpace(error.Message));
                continue;
            }

            parsed++;
            // The full report on a share of them (it is the slow path); the verdicts on all.
            if (parsed % 4 == 0)
            {
                Assert.Equal(rules[0].Evaluate(composition).Valid, rules[0].IsValid(composition));
            }

            foreach (var r in rules)
            {
                _ = r.IsValid(composition);
                _ = r.Test(composition);
            }

            Assert.True(FormulaParser.TryParse(composition.ReducedFormula, out _, out var back), $"{formula} → {composition.ReducedFormula}: {back?.Message}");
        }

        Assert.True(parsed > 5_000, $"only {parsed} fuzzed formulas parsed: the fuzzer tests little beyond the error paths");
    }
}
