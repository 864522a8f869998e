using MatAssistant.Agent.Planning;

namespace MatAssistant.Agent.Tests;

public class RequestParserTests
{
    [Theory]
    [InlineData("What is CDVAE?", "CDVAE")]
    [InlineData("what does GFlowNet stand for?", "GFlowNet")]
    [InlineData("Define inverse design.", "inverse design")]
    [InlineData("What is a variational autoencoder?", "variational autoencoder")]
    public void Faq_FindsTheSubject(string message, string subject)
    {
        var request = RequestParser.Parse(message);
        Assert.Equal(RequestIntent.Faq, request.Intent);
        Assert.Equal(subject, request.Subject);
    }

    /// <summary>Regressions: questions that mention generating, diffusion or equations are literature questions, not tool requests.</summary>
    [Theory]
    [InlineData("How many new cubic materials did CubicGAN generate?")]
    [InlineData("Which model generates 2D materials via diffusion?")]
    [InlineData("How can ChatGPT help with differential equations in materials science?")]
    [InlineData("Which ternary compounds did Kim et al. generate with a point-cloud GAN?")]
    [InlineData("What is a diffusion model?")]
    [InlineData("In plain words, what is a diffusion model?")]
    [InlineData("Quick question: how does diffusion-based generation work?")]
    public void QuestionsAboutGeneratingOrSolving_AreFaqs(string message) =>
        Assert.Equal(RequestIntent.Faq, RequestParser.Parse(message).Intent);

    [Theory]
    [InlineData("Can you propose 5 oxides containing Zn?", RequestIntent.Design)]
    [InlineData("How fast does a part cool from 1200 K with k = 0.02?", RequestIntent.Solve)]
    [InlineData("Please solve dy/dt = -y with y(0) = 1 to t = 2", RequestIntent.Solve)]
    public void RequestsPhrasedAsQuestions_StillUseTheirTool(string message, RequestIntent intent) =>
        Assert.Equal(intent, RequestParser.Parse(message).Intent);

    [Fact]
    public void Solve_ReadsEquationsInitialValuesParametersAndSpan()
    {
        var request = RequestParser.Parse("Solve dx/dt = -k*x + s, ds/dt = -s with k = 0.5, x(0) = 2, s0 = 1e-3, from t = 0 to 12.5");
        var solve = request.Solve!;
        Assert.Equal(["dx/dt = -k*x + s", "ds/dt = -s"], solve.Equations);
        Assert.Equal(0.5, solve.Parameters["k"]);
        Assert.Equal(2, solve.InitialValues["x"]);
        Assert.Equal(1e-3, solve.InitialValues["s"]);
        Assert.Equal((0.0, 12.5), (solve.T0, solve.T1));
        Assert.Null(request.MissingQuestion);
    }

    [Theory]
    [InlineData("y'' + 4y = 0 with y(0)=1, y'(0)=0: what is y at t = 1?", "y'' = (0) - (4*y)", 1.0)]
    [InlineData("Solve dc/dt + 0.3*c = 0.1 from c(0)=0 to t=10", "dc/dt = (0.1) - (0.3*c)", 10.0)]
    [InlineData("Solve x' - 2*x = 0 with x(0) = 1 until t = 0.5", "x' = (0) - (- 2*x)", 0.5)]
    public void Solve_ImplicitEquation_IsSolvedForItsHighestDerivative(string message, string equation, double t1)
    {
        // Regression: "y'' + 4y = 0" went to the literature search.
        var request = RequestParser.Parse(message);
        Assert.Equal(RequestIntent.Solve, request.Intent);
        Assert.Equal(equation, Assert.Single(request.Solve!.Equations));
        Assert.Equal(t1, request.Solve.T1);
    }

    [Fact]
    public void Faq_FramingPhrase_IsLeftOutOfTheQuestion_AndAStyleWishReported()
    {
        var request = RequestParser.Parse("In plain words, what is a diffusion model?");
        Assert.Equal("what is a diffusion model?", request.Text);
        Assert.Contains(request.NotUsed ?? [], n => n.StartsWith("In plain words", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Solve dy/dt = -0.5*y from t = 0 to 10", "initial value of y")]
    [InlineData("Solve dy/dt = -0.5*y with y(0) = 1", "Until what time")]
    [InlineData("Solve x'' = -x with x(0) = 1 from t = 0 to 3", "x'")]
    [InlineData("Please solve an ODE for me", "Which equation")]
    public void Solve_AsksForWhatIsMissing(string message, string asked)
    {
        var request = RequestParser.Parse(message);
        Assert.Equal(RequestIntent.Solve, request.Intent);
        Assert.Contains(asked, request.MissingQuestion, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_TemplateInWords_ReadsQuantitiesInSiUnits()
    {
        var request = RequestParser.Parse("Carbon diffusing into iron at 1000 K for one hour, D = 2.5e-11 m²/s, depth 0.5 mm");
        var solve = request.Solve!;
        Assert.Equal("fick", solve.Template);
        Assert.Equal(1000, solve.Quantities["T"]);
        Assert.Equal(3600, solve.Quantities["time"]);
        Assert.Equal(2.5e-11, solve.Quantities["D"]);
        Assert.Equal(5e-4, solve.Quantities["x"], 12);
        Assert.Null(request.MissingQuestion);
    }

    [Fact]
    public void Design_ReadsCountElementsExclusionsAndWindows()
    {
        var design = RequestParser.Parse("Propose 20 novel Li–Mn–O compositions without Co, with a band gap over 2 eV and stable").Design!;
        Assert.Equal(20, design.Count);
        Assert.Equal(["Li", "Mn", "O"], design.Include);
        Assert.Equal(["Co"], design.Exclude);
        Assert.Contains(design.Properties, p => p.ToFilter() == "band_gap > 2");
        Assert.Contains(design.Properties, p => p.ToFilter() == "formation_energy < 0");
        Assert.True(design.NovelOnly);
    }

    [Theory]
    [InlineData("Is LiFePO4 charge neutral?", new[] { "LiFePO4" })]
    [InlineData("Check SrTiO3, Ca(OH)2 and CuSO4·5H2O please", new[] { "SrTiO3", "Ca(OH)2", "CuSO4·5H2O" })]
    [InlineData("Is NaCl valid? I think so", new[] { "NaCl" })]
    [InlineData("which has the smallest gap: Si, Ge or GaAs?", new[] { "Si", "Ge", "GaAs" })]
    [InlineData("check Cu, Fe and NiO", new[] { "Cu", "Fe", "NiO" })]
    [InlineData("check In, As and NaCl", new[] { "NaCl" })]
    public void Screen_FindsFormulasNotWords(string message, string[] formulas)
    {
        var request = RequestParser.Parse(message);
        Assert.Equal(RequestIntent.Screen, request.Intent);
        Assert.Equal(formulas, request.Formulas);
    }
}
