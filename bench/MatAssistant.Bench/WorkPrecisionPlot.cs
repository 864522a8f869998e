using MatAssistant.Ode;

namespace MatAssistant.Bench;

/// <summary>Work-precision plots of the test-set benchmark: significant digits against f-evaluations (log), one file per problem.</summary>
internal static class WorkPrecisionPlot
{
    /// <summary>Writes &lt;folder&gt;/wp-&lt;problem&gt;.png for every problem with curves; returns the paths.</summary>
    public static IReadOnlyList<string> Save(string folder, IReadOnlyList<(string Problem, string Method, bool Ours, double Digits, long Evaluations)> curves)
    {
        var paths = new List<string>();
        foreach (var problem in curves.GroupBy(c => c.Problem))
        {
            var series = problem
                .GroupBy(c => (c.Method, c.Ours))
                .Select(g => g.OrderBy(c => c.Evaluations).ToList())
                .Select(g => new PlotSeries($"{(g[0].Ours ? "ours" : "SciPy")} {g[0].Method}", [.. g.Select(c => (double)c.Evaluations)], [.. g.Select(c => c.Digits)]))
                .ToList();
            var path = Path.Combine(folder, $"wp-{problem.Key}.png");
            OdePlot.Save(new PlotSpec($"{problem.Key}: work-precision", "function evaluations", "significant digits at t1", series) { LogX = true }, path);
            paths.Add(path);
        }

        return paths;
    }
}
