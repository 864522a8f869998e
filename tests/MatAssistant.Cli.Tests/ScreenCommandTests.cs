using System.Text.Json;

namespace MatAssistant.Cli.Tests;

public sealed class ScreenCommandTests : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _directory = Directory.CreateTempSubdirectory("matassist-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Screen_Json_GivesThreeVerdictsAndOneError_ExitZero()
    {
        var (code, output, error) = CliRunner.Run("screen", "SrTiO3", "Ca(OH)2", "CuSO4·5H2O", "Xx2O", "--json");
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        using var json = JsonDocument.Parse(output);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(4, results.Length);
        Assert.All(results[..3], r => Assert.True(r.GetProperty("valid").GetBoolean()));
        Assert.All(results[..3], r => Assert.Equal(JsonValueKind.Null, r.GetProperty("error").ValueKind));
        Assert.Contains("Xx", results[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("CaH2O2", results[1].GetProperty("reduced_formula").GetString());
        Assert.Equal(-2, results[0].GetProperty("oxidation_states").GetProperty("O").GetInt32());
    }

    [Fact]
    public void Screen_Json_MatchesGoldenFile()
    {
        // The golden file pins the rules, not the surrogates' weights: predictions are left out through an empty --models directory.
        var noModels = Directory.CreateTempSubdirectory("matassist-golden-");
        var (code, output, _) = CliRunner.Run(
            "screen", "--json", "--models", noModels.FullName, "SrTiO3", "Fe2O3", "Fe3O4", "IN", "Fe3Al", "Fe", "XeF2", "PtO2", "Li0.5CoO2", "LiCoO2", "[Cu(NH3)4]SO4", "CuSO4.5H2O", "fe2o3", "Mg3(PO4)2");
        noModels.Delete();
        Assert.Equal(0, code);
        var golden = Path.Combine(AppContext.BaseDirectory, "TestData", "screen_golden.json");
        var actual = JsonSerializer.Serialize(JsonDocument.Parse(output).RootElement, Indented);
        if (Environment.GetEnvironmentVariable("MATASSIST_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "TestData", "screen_golden.json"), actual + "\n");
        }

        Assert.Equal(File.ReadAllText(golden).TrimEnd(), actual.TrimEnd());
    }

    [Theory]
    [InlineData("screen")]
    [InlineData("screen", "SrTiO3", "--bogus")]
    [InlineData("screen", "SrTiO3", "--oxidation-states", "/no/such/file")]
    [InlineData("screen", "SrTiO3", "--electronegativities", "nonsense")]
    [InlineData("screen", "SrTiO3", "--metals", "lead")]
    [InlineData("screen", "SrTiO3", "--threads", "0")]
    [InlineData("screen", "--input", "/no/such/input.csv")]
    [InlineData("frobnicate")]
    [InlineData("screen", "SrTiO3", "--threads", "many")]
    public void UsageErrors_ExitTwoWithOneLine(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("matassist: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_InputCsvWithFormulaColumn()
    {
        var path = Path.Combine(_directory, "in.csv");
        File.WriteAllText(path, "id,formula,target\n1,NaCl,0.5\n2,\"Ca(OH)2\",1\n3,Xx,2\n");
        var (code, output, _) = CliRunner.Run("screen", "--input", path, "--json");
        Assert.Equal(0, code);
        var formulas = JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("formula").GetString());
        Assert.Equal(["NaCl", "Ca(OH)2", "Xx"], formulas);
    }

    [Fact]
    public void Screen_InputOneFormulaPerLine_ManyBatches()
    {
        var path = Path.Combine(_directory, "in.txt");
        File.WriteAllLines(path, Enumerable.Range(1, 10_000).Select(i => $"Li{i % 50 + 1}O"));
        var (code, output, _) = CliRunner.Run("screen", "--input", path, "--json");
        Assert.Equal(0, code);
        var results = JsonDocument.Parse(output).RootElement.GetProperty("results");
        Assert.Equal(10_000, results.GetArrayLength());
        Assert.Equal("Li2O", results[0].GetProperty("formula").GetString());
    }

    [Fact]
    public void Screen_CsvWithoutFormulaColumn_IsUsageError()
    {
        var path = Path.Combine(_directory, "in.csv");
        File.WriteAllText(path, "id,composition\n1,NaCl\n");
        var (code, _, error) = CliRunner.Run("screen", "--input", path, "--json");
        Assert.Equal(2, code);
        Assert.Contains("formula", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_Table_ShowsVerdictsAndErrors()
    {
        var (code, output, _) = CliRunner.Run("screen", "SrTiO3", "Xx2O");
        Assert.Equal(0, code);
        Assert.Contains("SrTiO3", output, StringComparison.Ordinal);
        Assert.Contains("Unknown element 'Xx'", output, StringComparison.Ordinal);
        Assert.Contains("2 screened", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Screen_SmactDataFiles_AreAccepted()
    {
        SharedData.Require();
        var smact = Path.Combine(SharedData.Directory, "smact");
        var (code, output, _) = CliRunner.Run(
            "screen", "PbTiO3", "--json",
            "--oxidation-states", Path.Combine(smact, "oxidation_states.txt"),
            "--electronegativities", Path.Combine(smact, "element_data.txt"));
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.True(root.GetProperty("results")[0].GetProperty("valid").GetBoolean());
        Assert.Equal("oxidation_states.txt", root.GetProperty("rules").GetProperty("oxidation_states").GetString());
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
