using System.Text;
using MatAssistant.Ode.Expressions;
using MatAssistant.Ode.Solvers;

namespace MatAssistant.Ode.Tests;

/// <summary>No input crashes: bounds with one-line errors, long flat expressions, output files, and a seeded fuzz run.</summary>
public class BoundsTests
{
    private static readonly Dictionary<string, double> None = new();

    private static OdeProblem Decay(double t1) =>
        OdeProblem.Parse(["dy/dt = -k*y"], new Dictionary<string, double> { ["k"] = 1 }, new Dictionary<string, double> { ["y"] = 1 }, 0, t1);

    [Fact]
    public void T1Of1e308_IsAClearErrorNotANullReference()
    {
        var e = Assert.Throws<ExpressionException>(() => Decay(1e308));
        Assert.Contains("at most 1e300", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void T1NearTheLimit_OutputGridDoesNotOverflow()
    {
        // (t1 − t0)·i overflowed to infinity, the output slots stayed null and the caller met a NullReferenceException.
        var solution = OdeSolver.Solve(Decay(1e300), new OdeOptions { Points = 101 });
        Assert.All(solution.Values["y"], v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1e300, solution.T[^1]);
        Assert.True(solution.Final["y"] < 1e-12);
    }

    [Theory]
    [InlineData(1_000_000_000, 500_000, "points must be between 2 and 100000")]
    [InlineData(1, 500_000, "points must be between 2 and 100000")]
    [InlineData(101, 1_000_000_000, "max steps must be between 1 and 10000000")]
    [InlineData(101, 0, "max steps must be between 1 and 10000000")]
    public void UnboundedOptions_AreRejected(int points, int maxSteps, string message)
    {
        var options = new OdeOptions { Points = points, MaxSteps = maxSteps };
        Assert.StartsWith(message, options.Validate(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(options.EnsureValid);
        Assert.False(OdeSolver.TrySolve(Decay(1), options, out _, out var failure));
        Assert.Equal(OdeFailureKind.InvalidInput, failure!.Kind);
    }

    [Fact]
    public void TooManyOutputTimes_AreRejected()
    {
        var options = new OdeOptions { OutputTimes = [.. Enumerable.Range(0, OdeLimits.MaxPoints + 1).Select(i => i * 1e-6)] };
        Assert.StartsWith("give between 1 and 100000 output times", options.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void OutputLargerThanTheStoredValueLimit_IsRejected()
    {
        var equations = Enumerable.Range(0, 200).Select(i => $"dy{i}/dt = -y{i}").ToList();
        var initial = Enumerable.Range(0, 200).ToDictionary(i => $"y{i}", _ => 1.0);
        var problem = OdeProblem.Parse(equations, None, initial, 0, 1);
        Assert.False(OdeSolver.TrySolve(problem, new OdeOptions { Points = 100_000 }, out _, out var failure));
        Assert.Contains("fewer points", failure!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OdeMethod.Nonstiff)]
    [InlineData(OdeMethod.Stiff)]
    [InlineData(OdeMethod.Bdf)]
    public void FlatSumOf30000Terms_ParsesCompilesDifferentiatesAndSolves(OdeMethod method)
    {
        // Once: a stack overflow (exit 134) in the compiler; now the chain is balanced. dy/dt = -Σ 1e-4·y = -3·y.
        var text = new StringBuilder("dy/dt = -1e-4*y");
        for (var i = 1; i < 30_000; i++)
        {
            text.Append(" - 1e-4*y");
        }

        var problem = OdeProblem.Parse([text.ToString()], None, new Dictionary<string, double> { ["y"] = 1 }, 0, 1);
        var solution = OdeSolver.Solve(problem, new OdeOptions { Method = method, RelativeTolerance = 1e-8, Points = 2 });
        Assert.Equal(Math.Exp(-3), solution.Final["y"], 1e-6);
    }

    [Fact]
    public void LongMixedChains_KeepTheirValue()
    {
        // a − b + c … and a / b * c … over 100 operands: balancing must respect each operand's own sign.
        var sum = new StringBuilder("1");
        var product = new StringBuilder("2");
        double expectedSum = 1, expectedProduct = 2;
        for (var i = 1; i < 100; i++)
        {
            var minus = i % 3 == 0;
            sum.Append(minus ? " - " : " + ").Append(i);
            expectedSum += minus ? -i : i;
            var divide = i % 2 == 0;
            product.Append(divide ? "/1.01" : "*1.02");
            expectedProduct *= divide ? 1 / 1.01 : 1.02;
        }

        Assert.Equal(expectedSum, ExpressionCompiler.Evaluate(ExpressionParser.Parse(sum.ToString()), _ => throw new InvalidOperationException(), 0, []), 1e-9);
        Assert.Equal(expectedProduct, ExpressionCompiler.Evaluate(ExpressionParser.Parse(product.ToString()), _ => throw new InvalidOperationException(), 0, []), 1e-12);
    }

    [Fact]
    public void OverlongExpression_IsAOneLineError()
    {
        var e = Assert.Throws<ExpressionException>(() => ExpressionParser.Parse(new string('1', OdeLimits.MaxExpressionLength + 1)));
        Assert.Contains("characters long", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlotIntoAMissingDirectory_IsAnErrorAndCreatesNothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"matassist-missing-{Guid.NewGuid():N}");
        var solution = OdeSolver.Solve(Decay(1));
        var e = Assert.Throws<ArgumentException>(() => OdePlot.Save(OdePlot.ForSolution(solution, "decay"), Path.Combine(missing, "plot.png")));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SolutionCsv.Write(solution, Path.Combine(missing, "out.csv")));
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void CsvAndPlot_AreWrittenWholeWithNoTemporaryLeftBehind()
    {
        var directory = Directory.CreateTempSubdirectory("matassist-out-").FullName;
        try
        {
            var solution = OdeSolver.Solve(Decay(1), new OdeOptions { Points = 3 });
            var csv = SolutionCsv.Write(solution, Path.Combine(directory, "decay.csv"));
            var lines = File.ReadAllLines(csv);
            Assert.Equal("t,y", lines[0]);
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("0.5,0.60653065", lines[2], StringComparison.Ordinal);
            OdePlot.Save(OdePlot.ForSolution(solution, "decay"), Path.Combine(directory, "decay.svg"));
            Assert.Equal(["decay.csv", "decay.svg"], Directory.GetFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Contains("is a directory", OutputFile.Validate(directory), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Cancellation_StopsASolve()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => OdeSolver.Solve(Decay(1), null, cancel.Token));
    }

    [Fact]
    public void Fuzz_300SeededCases_NoCrashNoHang()
    {
        var report = OdeFuzz.Run(seed: 15, count: 300, perCase: TimeSpan.FromSeconds(20), maxSteps: 3_000);
        Assert.True(report.Crashes.Count == 0, string.Join(Environment.NewLine, report.Crashes));
        Assert.True(report.Hangs.Count == 0, string.Join(Environment.NewLine, report.Hangs));
        // The generator must reach the solver, not only the parser's errors.
        Assert.True(report.Solved > 30, $"only {report.Solved} of {report.Cases} cases were solved");
    }
}
