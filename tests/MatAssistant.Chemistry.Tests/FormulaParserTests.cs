namespace MatAssistant.Chemistry.Tests;

public class FormulaParserTests
{
    [Theory]
    [InlineData("Fe2O3", "Fe2O3")]
    [InlineData("Ca(OH)2", "Ca1H2O2")]
    [InlineData("Mg3(PO4)2", "Mg3O8P2")]
    [InlineData("[Cu(NH3)4]SO4", "Cu1H12N4O4S1")]
    [InlineData("{Fe(CN)6}K4", "C6Fe1K4N6")]
    [InlineData("CuSO4·5H2O", "Cu1H10O9S1")]
    [InlineData("CuSO4•5H2O", "Cu1H10O9S1")]
    [InlineData("CuSO4*5H2O", "Cu1H10O9S1")]
    [InlineData("CuSO4.H2O", "Cu1H2O5S1")]
    [InlineData("CuSO4 . 5H2O", "Cu1H10O9S1")]
    [InlineData("Na2CO3·10H2O", "C1H20Na2O13")]
    [InlineData("Li0.5CoO2", "Co1Li0.5O2")]
    [InlineData("Al0.15Ga0.85As1", "Al0.15As1Ga0.85")]
    [InlineData("C1Pt1", "C1Pt1")]
    [InlineData("  Fe2 O3  ", "Fe2O3")]
    [InlineData("Fe 2 O 3", "Fe2O3")]
    [InlineData("FeOFe", "Fe2O1")]
    [InlineData("CH3COOH", "C2H4O2")]
    [InlineData("Ag(AuS)2", "Ag1Au2S2")]
    [InlineData("((CH3)3Si)2O", "C6H18O1Si2")]
    [InlineData("2H2O", "H4O2")]
    [InlineData("Lr", "Lr1")]
    [InlineData("Co", "Co1")]
    [InlineData("CO", "C1O1")]
    public void Parse_ReadsWhatUsersAndDataSetsWrite(string input, string alphabetical)
    {
        var composition = FormulaParser.Parse(input);
        Assert.Equal(alphabetical, composition.AlphabeticalFormula);
    }

    [Theory]
    [InlineData("", FormulaErrorKind.Empty, 0)]
    [InlineData("   ", FormulaErrorKind.Empty, 0)]
    [InlineData("Xx2O", FormulaErrorKind.UnknownElement, 1)]
    [InlineData("FeXx", FormulaErrorKind.UnknownElement, 3)]
    [InlineData("Fe2Q3", FormulaErrorKind.UnknownElement, 4)]
    [InlineData("Uuo", FormulaErrorKind.UnknownElement, 1)]
    [InlineData("Fe2O3)", FormulaErrorKind.UnbalancedBracket, 6)]
    [InlineData("(Fe2O3", FormulaErrorKind.UnbalancedBracket, 1)]
    [InlineData("Ca(OH]2", FormulaErrorKind.UnbalancedBracket, 6)]
    [InlineData("Fe0O", FormulaErrorKind.InvalidCount, 3)]
    [InlineData("Fe-2O3", FormulaErrorKind.InvalidCount, 3)]
    [InlineData("Fe2000000O", FormulaErrorKind.InvalidCount, 3)]
    [InlineData("Fe99999999999999999O", FormulaErrorKind.InvalidCount, 3)]
    [InlineData("(Fe1000)1001", FormulaErrorKind.InvalidCount, 0)]
    [InlineData("fe2o3", FormulaErrorKind.UnexpectedCharacter, 1)]
    [InlineData("Fe2O3+", FormulaErrorKind.UnexpectedCharacter, 6)]
    [InlineData("Fe2O3 ; NaCl", FormulaErrorKind.UnexpectedCharacter, 7)]
    [InlineData("CuSO4.5H2O", FormulaErrorKind.Ambiguous, 5)]
    [InlineData("CuSO4·", FormulaErrorKind.UnexpectedCharacter, 6)]
    [InlineData("()", FormulaErrorKind.UnexpectedCharacter, 2)]
    [InlineData("2", FormulaErrorKind.UnexpectedCharacter, 1)]
    [InlineData("HHeLiBeBCNOFNeNaMgAlSiPSClArKCaScTi", FormulaErrorKind.TooManyElements, 32)]
    public void Parse_ReportsKindAndPosition(string input, FormulaErrorKind kind, int position)
    {
        Assert.False(FormulaParser.TryParse(input, out var composition, out var error));
        Assert.Null(composition);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(position, error.Position);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_UnknownElement_MessageNamesSymbolAndPosition()
    {
        var error = Assert.Throws<FormulaException>(() => FormulaParser.Parse("FeXx")).Error;
        Assert.Contains("'Xx'", error.Message, StringComparison.Ordinal);
        Assert.Contains("position 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LowercaseSymbol_SuggestsCapital()
    {
        Assert.False(FormulaParser.TryParse("fe2o3", out _, out var error));
        Assert.Contains("'Fe'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HydrateWrittenWithDot_SuggestsMiddleDot()
    {
        Assert.False(FormulaParser.TryParse("CuSO4.5H2O", out _, out var error));
        Assert.Contains("CuSO4·5H2O", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooLongInput_IsRejectedBeforeParsing()
    {
        Assert.False(FormulaParser.TryParse(string.Concat(Enumerable.Repeat("Fe", 600)), out _, out var error));
        Assert.Equal(FormulaErrorKind.TooLong, error.Kind);
    }

    [Fact]
    public void Parse_DeepNesting_IsAnErrorNotAStackOverflow()
    {
        var deep = new string('(', 200) + "Fe" + new string(')', 200);
        Assert.False(FormulaParser.TryParse(deep, out _, out var error));
        Assert.Equal(FormulaErrorKind.UnexpectedCharacter, error.Kind);
    }

    [Fact]
    public void Parse_KeepsOrderOfFirstAppearance()
    {
        var composition = FormulaParser.Parse("OFeO");
        Assert.Equal(["O", "Fe"], composition.Elements.Select(e => e.Symbol));
        Assert.Equal([2.0, 1.0], composition.Amounts);
    }

    [Fact]
    public void Parse_IsThreadSafe()
    {
        var formulas = new[] { "Fe2O3", "Mg3(PO4)2", "[Cu(NH3)4]SO4", "CuSO4·5H2O", "Li0.5CoO2" };
        var expected = formulas.Select(f => FormulaParser.Parse(f).AlphabeticalFormula).ToArray();
        Parallel.For(0, 20_000, i => Assert.Equal(expected[i % 5], FormulaParser.Parse(formulas[i % 5]).AlphabeticalFormula));
    }
}
