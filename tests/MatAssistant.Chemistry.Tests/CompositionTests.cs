namespace MatAssistant.Chemistry.Tests;

public class CompositionTests
{
    [Theory]
    [InlineData("Fe4O6", "Fe2O3", 2.0)]
    [InlineData("Fe2O3", "Fe2O3", 1.0)]
    [InlineData("Li0.5CoO2", "LiCo2O4", 0.5)]
    [InlineData("Al0.15Ga0.85As1", "Al3Ga17As20", 0.05)]
    [InlineData("C1Pt1", "PtC", 1.0)]
    [InlineData("O2", "O", 2.0)]
    [InlineData("Ca(OH)2", "CaH2O2", 1.0)]
    [InlineData("Sr2Ti2O6", "SrTiO3", 2.0)]
    public void Reduce_GivesSmallestWholeFormula(string formula, string reduced, double factor)
    {
        var composition = Composition.Parse(formula);
        var reduction = composition.Reduce();
        Assert.True(reduction.IsIntegral);
        Assert.Equal(reduced, composition.ReducedFormula);
        Assert.Equal(factor, reduction.Factor, 12);
    }

    [Fact]
    public void Reduce_AmountsWithNoSmallMultiplier_AreLeftAsGivenAndFlagged()
    {
        var reduction = Composition.Parse("Fe0.3333O").Reduce(new ReductionOptions(MaxMultiplier: 100));
        Assert.False(reduction.IsIntegral);
        Assert.Equal(0.3333, reduction.Composition.GetAmount("Fe"), 12);
    }

    [Theory]
    [InlineData("C2H5OH", "C2H6O")]
    [InlineData("CH4", "CH4")]
    [InlineData("H2O", "H2O")]
    [InlineData("NaCl", "ClNa")]
    [InlineData("OCH2Br", "CH2BrO")]
    public void HillFormula_PutsCarbonThenHydrogenFirst(string formula, string hill) =>
        Assert.Equal(hill, Composition.Parse(formula).HillFormula);

    [Fact]
    public void Amounts_FractionsAndAtoms()
    {
        var c = Composition.Parse("Fe2O3");
        Assert.Equal(5, c.NumberOfAtoms);
        Assert.Equal(0.4, c.GetFraction(ElementTable.Default["Fe"]), 12);
        Assert.Equal(0, c.GetAmount("Na"));
        Assert.Equal(2, c.ElementCount);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(2e6)]
    public void Create_RejectsInvalidAmounts(double amount) =>
        Assert.Throws<ArgumentException>(() => Composition.Create(("Fe", amount)));

    [Fact]
    public void Equality_IgnoresOrderOfElements()
    {
        Assert.Equal(Composition.Parse("Fe2O3"), Composition.Parse("O3Fe2"));
        Assert.NotEqual(Composition.Parse("Fe2O3"), Composition.Parse("Fe3O4"));
        Assert.Equal(Composition.Parse("Fe2O3").GetHashCode(), Composition.Parse("O3Fe2").GetHashCode());
    }

    [Fact]
    public void ReducedFormula_IsIdempotent_OnRandomCompositions()
    {
        foreach (var composition in RandomCompositions.Generate(seed: 7, count: 3000))
        {
            var once = composition.ReducedFormula;
            Assert.Equal(once, Composition.Parse(once).ReducedFormula);
        }
    }

    [Fact]
    public void ReducedFormula_IsInvariantUnderScaling_OnRandomCompositions()
    {
        var random = new Random(11);
        foreach (var composition in RandomCompositions.Generate(seed: 8, count: 2000))
        {
            var k = random.Next(2, 9);
            var scaled = Composition.Create(composition.Elements.Select((e, i) => KeyValuePair.Create(e, composition.Amounts[i] * k)));
            Assert.Equal(composition.ReducedFormula, scaled.ReducedFormula);
        }
    }
}
