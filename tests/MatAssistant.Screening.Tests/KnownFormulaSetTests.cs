using MatAssistant.Chemistry;

namespace MatAssistant.Screening.Tests;

public sealed class KnownFormulaSetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("matassist-known-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("Fe2O3", true)]
    [InlineData("O3Fe2", true)]
    [InlineData("Fe4O6", true)]
    [InlineData("Fe3O4", false)]
    [InlineData("SrTiO3", true)]
    [InlineData("Sr2Ti2O6", true)]
    [InlineData("TiSrO3", true)]
    [InlineData("BaTiO3", false)]
    public void Contains_IgnoresHowTheFormulaIsWritten(string formula, bool known)
    {
        var set = KnownFormulaSet.FromCompositions(new[] { "Fe2O3", "SrTiO3", "NaCl" }.Select(Composition.Parse), "test");
        Assert.Equal(known, set.Contains(Composition.Parse(formula)));
    }

    [Fact]
    public void SaveAndLoad_RoundTrip()
    {
        var set = KnownFormulaSet.FromCompositions(new[] { "Fe2O3", "SrTiO3", "NaCl", "Fe4O6" }.Select(Composition.Parse), "test");
        var path = Path.Combine(_directory, "known.bin");
        set.Save(path);
        var loaded = KnownFormulaSet.Load(path);
        Assert.Equal(3, loaded.Count);
        Assert.True(loaded.Contains(Composition.Parse("ClNa")));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
    }

    [Fact]
    public void Load_RejectsTruncatedOrForeignFiles()
    {
        var path = Path.Combine(_directory, "known.bin");
        KnownFormulaSet.FromCompositions([Composition.Parse("NaCl"), Composition.Parse("KCl")], "test").Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^3]);
        Assert.Throws<InvalidDataException>(() => KnownFormulaSet.Load(path));
        File.WriteAllText(path, "not a formula set at all");
        Assert.Throws<InvalidDataException>(() => KnownFormulaSet.Load(path));
    }

    [Theory]
    [InlineData("Ca,Al,O", null, "CaAl2O4 Ca3Al2O6 Ca12Al14O33")]
    [InlineData("O,Al,Ca", null, "CaAl2O4 Ca3Al2O6 Ca12Al14O33")]
    [InlineData("Ca,Al,O", 10, "CaAl2O4 Ca3Al2O6")]
    [InlineData("Ca,O", null, "CaO")]
    [InlineData("Li,Fe,P,O", null, "LiFePO4")]
    [InlineData("Mg,Al,O", null, "")]
    public void InSystem_FindsTheKnownCompositionsWithEveryElement(string system, int? maxCount, string expected)
    {
        // Subsystems (Al2O3, CaO for Ca–Al–O) and supersets (LiFePO4 for Li–Fe–O) are not the system's.
        var set = KnownFormulaSet.FromCompositions(
            new[] { "Ca12Al14O33", "CaAl2O4", "Ca3Al2O6", "Al2O3", "CaO", "LiFePO4", "Fe2O3", "MgO" }.Select(f => Composition.Parse(f)), "test");
        var elements = system.Split(',').Select(s => ElementTable.Default[s]).ToList();
        var found = set.InSystem(elements, maxCount).Select(c => KnownFormulaSet.CanonicalKey(c)).ToList();
        var want = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => KnownFormulaSet.CanonicalKey(Composition.Parse(f))).ToList();
        Assert.Equal(want, found);
    }
}
