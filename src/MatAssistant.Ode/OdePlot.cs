using System.Globalization;
using ScottPlot;

namespace MatAssistant.Ode;

/// <summary>A series to draw: its name (legend) and values.</summary>
public sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>What to draw: series, axis labels, whether t is logarithmic, and which series go on a right-hand axis.</summary>
public sealed record PlotSpec(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series)
{
    /// <summary>Log-scaled x axis (kinetics over decades); non-positive x values are left out.</summary>
    public bool LogX { get; init; }

    /// <summary>Names of series drawn against a right-hand y axis (small species beside large ones).</summary>
    public IReadOnlySet<string> RightAxis { get; init; } = new HashSet<string>();

    public string RightLabel { get; init; } = "";

    public int Width { get; init; } = 900;

    public int Height { get; init; } = 560;
}

/// <summary>Draws solutions with ScottPlot to PNG or SVG (chosen by the file extension), written atomically.</summary>
public static class OdePlot
{
    /// <summary>Plot of an ODE solution against t; <paramref name="units"/> maps names (and "t") to units.</summary>
    public static PlotSpec ForSolution(OdeSolution solution, string title, IReadOnlyDictionary<string, string>? units = null, bool logTime = false)
    {
        ArgumentNullException.ThrowIfNull(solution);
        units ??= new Dictionary<string, string>();
        var series = solution.Variables.Select(v => new PlotSeries(v, solution.T, solution.Values[v])).ToList();
        // A species far smaller than the rest (Robertson's y2 ~ 1e-5 beside 1) goes on its own axis so it can be seen.
        var peaks = series.ToDictionary(s => s.Name, s => s.Y.Select(Math.Abs).DefaultIfEmpty(0).Max());
        var largest = peaks.Values.DefaultIfEmpty(0).Max();
        var small = series.Count > 1 ? peaks.Where(p => p.Value > 0 && p.Value < largest * 1e-3).Select(p => p.Key).ToHashSet() : [];
        var unitSet = solution.Variables.Where(v => !small.Contains(v)).Select(v => units.GetValueOrDefault(v)).Distinct().ToList();
        var yLabel = unitSet.Count == 1 && unitSet[0] is { } unit
            ? $"{string.Join(", ", solution.Variables.Where(v => !small.Contains(v)))} ({unit})"
            : string.Join(", ", solution.Variables.Where(v => !small.Contains(v)));
        return new PlotSpec(title, Label("t", units), yLabel, series)
        {
            LogX = logTime,
            RightAxis = small,
            RightLabel = string.Join(", ", small.Select(s => units.TryGetValue(s, out var u) ? $"{s} ({u})" : s)),
        };
    }

    /// <summary>Profiles c(x) at each output time (at most <paramref name="maxProfiles"/>, evenly chosen).</summary>
    public static PlotSpec ForProfiles(DiffusionSolution solution, string title, IReadOnlyDictionary<string, string>? units = null, int maxProfiles = 6)
    {
        ArgumentNullException.ThrowIfNull(solution);
        units ??= new Dictionary<string, string>();
        var count = solution.Times.Count;
        var chosen = count <= maxProfiles
            ? Enumerable.Range(0, count)
            : Enumerable.Range(0, maxProfiles).Select(i => (int)Math.Round(i * (count - 1) / (double)(maxProfiles - 1))).Distinct();
        var timeUnit = units.GetValueOrDefault("t", "");
        var series = chosen.Select(k => new PlotSeries(
            string.Create(CultureInfo.InvariantCulture, $"t = {solution.Times[k]:G4} {timeUnit}").TrimEnd(),
            solution.X,
            solution.Profiles[k])).ToList();
        return new PlotSpec(title, Label("x", units), Label(solution.Field, units), series);
    }

    /// <summary>
    /// Writes the plot to <paramref name="path"/> (.png or .svg) atomically; throws <see cref="ArgumentException"/> for
    /// other extensions and when the directory does not exist (it is not created).
    /// </summary>
    public static void Save(PlotSpec spec, string path)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var extension = Path.GetExtension(path).ToUpperInvariant();
        if (extension is not (".PNG" or ".SVG"))
        {
            throw new ArgumentException($"the plot file must end in .png or .svg, got '{path}'");
        }

        OutputFile.EnsureWritable(path, "the plot file");
        var plot = Build(spec);
        OutputFile.WriteAtomically(path, temporary =>
        {
            if (extension == ".PNG")
            {
                plot.SavePng(temporary, spec.Width, spec.Height);
            }
            else
            {
                plot.SaveSvg(temporary, spec.Width, spec.Height);
            }
        });
    }

    private static string Label(string name, IReadOnlyDictionary<string, string> units) =>
        units.TryGetValue(name, out var unit) ? $"{name} ({unit})" : name;

    private static Plot Build(PlotSpec spec)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var s in spec.Series)
        {
            var points = s.X.Zip(s.Y).Where(p => double.IsFinite(p.Second) && (!spec.LogX || p.First > 0)).ToArray();
            var xs = points.Select(p => spec.LogX ? Math.Log10(p.First) : p.First).ToArray();
            var ys = points.Select(p => p.Second).ToArray();
            var scatter = plot.Add.ScatterLine(xs, ys, palette.GetColor(index++));
            scatter.LineWidth = 2;
            if (spec.Series.Count > 1)
            {
                scatter.LegendText = spec.RightAxis.Contains(s.Name) ? $"{s.Name} (right axis)" : s.Name;
            }

            if (spec.RightAxis.Contains(s.Name))
            {
                scatter.Axes.YAxis = plot.Axes.Right;
                scatter.LinePattern = LinePattern.Dashed;
            }
        }

        plot.Title(spec.Title);
        plot.XLabel(spec.LogX ? $"{spec.XLabel}, log scale" : spec.XLabel);
        plot.YLabel(spec.YLabel);
        if (spec.RightAxis.Count > 0)
        {
            plot.Axes.Right.Label.Text = spec.RightLabel;
        }

        if (spec.LogX)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = value => Math.Pow(10, value).ToString("G3", CultureInfo.InvariantCulture),
            };
        }

        if (spec.Series.Count > 1)
        {
            // Kinetics on a log time axis fill the whole frame: the legend goes below it, outside the data.
            if (spec.LogX)
            {
                plot.ShowLegend(Edge.Bottom);
            }
            else
            {
                plot.ShowLegend(Alignment.UpperRight);
            }
        }

        return plot;
    }
}
