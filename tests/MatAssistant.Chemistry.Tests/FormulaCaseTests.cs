namespace MatAssistant.Chemistry.Tests;

/// <summary>Formulas typed in lower case: restored where one reading is clearly meant, left unread where not.</summary>
public sealed class FormulaCaseTests
{
    [Theory]
    [InlineData("licoo2", "LiCoO2")]
    [InlineData("fe2o3", "Fe2O3")]
    [InlineData("srtio3", "SrTiO3")]
    [InlineData("lifepo4", "LiFePO4")]
    [InlineData("mgal2o4", "MgAl2O4")]
    [InlineData("sno2", "SnO2")]     // not SNo2: nobelium is beyond plutonium
    [InlineData("h2o", "H2O")]
    [InlineData("co3o4", "Co3O4")] // not C O3 O4: the same element twice in a row
    public void Restores_TheOneReading(string typed, string expected)
    {
        Assert.True(FormulaCase.TryRestore(typed, out var formula));
        Assert.Equal(expected, formula);
    }

    [Theory]
    [InlineData("bin2")]   // BiN2 or BIn2: as short as each other
    [InlineData("cspbi3")] // CsPbI3 or CsPBi3: both pass the default screen with three symbols; left to the user
    [InlineData("check")]  // no digit: English words cut into symbols too
    [InlineData("qm9")]    // no reading at all
    [InlineData("co")]     // too short
    [InlineData("LiCoO2")] // already in case: the parser's job
    [InlineData("o2")]     // one element
    public void LeavesUnread_WhatIsNotClear(string typed) =>
        Assert.False(FormulaCase.TryRestore(typed, out _));
}
