namespace MatAssistant.Chemistry.Tests;

public class FamiliesAndPrototypesTests
{
    [Theory]
    [InlineData("rare_earth", 17, "Sc", "Lu")]
    [InlineData("rare earths", 17, "Y", "La")]
    [InlineData("lanthanide", 15, "La", "Lu")]
    [InlineData("halogen", 5, "F", "At")]
    [InlineData("alkali", 6, "Li", "Fr")]
    [InlineData("alkaline-earth", 6, "Be", "Ra")]
    [InlineData("3d_transition_metal", 10, "Sc", "Zn")]
    [InlineData("toxic", 7, "Cd", "Pb")]
    [InlineData("chalcogens", 5, "O", "Te")]
    public void Families_HaveTheirMembers(string name, int count, string first, string other)
    {
        Assert.True(ElementFamilies.TryGet(name, out var family));
        Assert.Equal(count, family.Members.Count);
        Assert.Contains(first, family.Members);
        Assert.Contains(other, family.Members);
    }

    [Fact]
    public void TransitionMetals_LeaveOutLanthanidesAndActinides()
    {
        var tm = ElementFamilies.All["transition_metal"].Members;
        Assert.Contains("Hf", tm);
        Assert.DoesNotContain("Ce", tm);
        Assert.DoesNotContain("U", tm);
        Assert.DoesNotContain("H", ElementFamilies.All["alkali"].Members);
    }

    [Fact]
    public void Expand_MixesSymbolsAndFamilies_WithoutRepeats_AndNamesAnUnknownItem()
    {
        Assert.Equal(["Pb", "Be", "As", "Cd", "Hg", "Tl", "Po"], ElementFamilies.Expand(["Pb", "toxic"], "exclude"));
        var e = Assert.Throws<ArgumentException>(() => ElementFamilies.Expand(["Xx"], "exclude"));
        Assert.Contains("'Xx' in exclude", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ABO3", "SrTiO3", true)]
    [InlineData("ABO3", "Sr2Ti2O6", true)]
    [InlineData("ABO3", "SrTiO2", false)]
    [InlineData("ABO3", "SrTiN3", false)]
    [InlineData("perovskite", "BaZrO3", true)]
    [InlineData("spinel", "MgAl2O4", true)]
    [InlineData("spinel", "Fe3O4", false)]
    [InlineData("AB2O4", "LiMn2O4", true)]
    [InlineData("kesterite", "Cu2ZnSnS4", true)]
    [InlineData("garnet", "Y3Al5O12", false)]
    [InlineData("A3B2C3O12", "Ca3Al2Si3O12", true)]
    [InlineData("ABCl3", "CsPbCl3", true)]
    [InlineData("AB", "NaCl", true)]
    public void Prototypes_MatchByStoichiometry(string prototype, string formula, bool expected)
    {
        Assert.True(Prototype.TryParse(prototype, out var p, out var problem), problem);
        Assert.Equal(expected, p.Matches(Composition.Parse(formula)));
    }

    [Theory]
    [InlineData("NASICON")]
    [InlineData("abo3")]
    [InlineData("AAB")]
    [InlineData("AQqO3")]
    public void Prototypes_Unreadable_SayWhy(string text)
    {
        Assert.False(Prototype.TryParse(text, out _, out var problem));
        Assert.NotEmpty(problem);
    }

    [Theory]
    [InlineData("ABO3", 5)]
    [InlineData("A2B2O7", 11)]
    [InlineData("A2B2O6", 5)]
    [InlineData("spinel", 7)]
    public void FormulaUnitAtoms_CountsTheReducedUnit(string text, int atoms)
    {
        Assert.True(Prototype.TryParse(text, out var p, out var problem), problem);
        Assert.Equal(atoms, p!.FormulaUnitAtoms);
    }
}
