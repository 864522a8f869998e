using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Tests;

public class CompositionScreenerTests
{
    [Fact]
    public void Screen_BadFormula_GivesErrorResultNotException()
    {
        var result = new CompositionScreener().Screen("Xx2O");
        Assert.NotNull(result.Error);
        Assert.Null(result.Valid);
        Assert.Equal("Xx2O", result.Formula);
    }

    [Fact]
    public void Screen_ReportsVerdictAssignmentAndReason()
    {
        var result = new CompositionScreener().Screen("Fe3Al");
        Assert.Equal("alloy", result.Reason);
        Assert.True(result.Valid);
        Assert.False(result.ChargeNeutral);
        Assert.Null(result.Known);
    }

    [Fact]
    public void Screen_WithKnownReference_FillsKnown()
    {
        var known = KnownFormulaSet.FromCompositions([Composition.Parse("SrTiO3")], "test");
        var screener = new CompositionScreener(ScreenerOptions.Default with { KnownFormulas = known });
        Assert.True(screener.Screen("Sr2Ti2O6").Known);
        Assert.False(screener.Screen("BaTiO3").Known);
    }

    [Fact]
    public void ScreenBatch_InParallel_KeepsInputOrder()
    {
        var formulas = Enumerable.Range(1, 5000).Select(i => $"Na{i}Cl{i % 7 + 1}").ToArray();
        var screener = new CompositionScreener();
        var parallel = screener.ScreenBatch(formulas, maxDegreeOfParallelism: 4);
        var sequential = screener.ScreenBatch(formulas, maxDegreeOfParallelism: 1);
        Assert.Equal(formulas, parallel.Select(r => r.Formula));
        Assert.Equal(sequential.Select(r => r.Valid), parallel.Select(r => r.Valid));
    }
}
