using MatAssistant.Agent.Brains.Offline;
using MatAssistant.Screening;

namespace MatAssistant.Agent.Tests;

public class PropertySummaryTests
{
    private static ScreenResult With(double pMetal, PropertyPrediction gap) => new(
        "X", "X", true, true, true, "charge_balanced", null, true,
        new Dictionary<string, PropertyPrediction>
        {
            ["is_metal"] = new(pMetal, 0.01, true, "probability"),
            ["band_gap"] = gap,
            ["formation_energy"] = new(-1.5, 0.3, true, "eV/atom"),
        },
        null, null);

    [Theory]
    [InlineData(0.02, PropertyPrediction.Measured, true, "a non-metal", "measured value")]
    [InlineData(0.02, PropertyPrediction.AnchoredPbe, false, "a non-metal", "PBE gap mapped to experiment")]
    [InlineData(0.99, null, true, "a metal", "from the composition model;")]
    [InlineData(0.49, null, false, "undecided", "extrapolating (out of distribution)")]
    public void Sentence_SaysMetalOrNot_AndWhereTheGapComesFrom(double pMetal, string? source, bool inDistribution, string verdict, string from)
    {
        // Regression: "Is KBr an insulator? What is its band gap?" got a table and no word on either, nor that 7.60 eV was measured.
        var text = PropertySummary.For(With(pMetal, new PropertyPrediction(3.2, 0.4, inDistribution, "eV", Source: source)));
        Assert.NotNull(text);
        Assert.Contains(verdict, text, StringComparison.Ordinal);
        Assert.Contains(from, text, StringComparison.Ordinal);
        Assert.Contains("3.20 ± 0.40 eV", text, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidFormula_GetsNoPropertySentence()
    {
        // Regression: "Which of these are plausible: NaCl2, …" called NaCl2 "a non-metal … band gap 7.41 eV".
        var invalid = With(0.02, new PropertyPrediction(7.4, 1.4, false, "eV")) with { Valid = false, ChargeNeutral = false };
        Assert.Null(PropertySummary.For(invalid));
    }

    [Fact]
    public void NoPredictions_NoSentence() =>
        Assert.Null(PropertySummary.For(new ScreenResult("X", "X", true, true, true, null, null, null, null, null, null)));

    [Fact]
    public void MeasuredGap_IsMarkedInTheTable() =>
        Assert.Contains("(measured)", OfflineAnswerWriter.FormatPrediction(new PropertyPrediction(7.6, 0.77, true, "eV", Source: PropertyPrediction.Measured)), StringComparison.Ordinal);
}
