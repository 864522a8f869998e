using MatAssistant.Ode.Expressions;

namespace MatAssistant.Ode;

/// <summary>Reads <c>name=value</c> lists (<c>--param k=2</c>, <c>--init x'=0</c>) for the CLI and the agent.</summary>
public static class Assignments
{
    /// <summary>
    /// Parses each item as <c>name=expression</c>; the expression may use numbers, constants (R, kB, …) and names
    /// assigned earlier in the list (<c>T=1273.15</c>, <c>k=A*exp(-Ea/(R*T))</c>). Throws <see cref="ExpressionException"/>.
    /// </summary>
    public static Dictionary<string, double> Parse(IEnumerable<string> items, string option)
    {
        ArgumentNullException.ThrowIfNull(items);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ExpressionException($"{option} '{item}' must look like name=value, for example {option} k=0.5", -1);
            }

            var name = item[..equals].Trim();
            if (!IsName(name))
            {
                throw new ExpressionException($"{option} '{item}': '{name}' is not a name (letters, digits and _, optionally followed by ')", -1);
            }

            if (values.ContainsKey(name))
            {
                throw new ExpressionException($"{option} {name} is given twice", -1);
            }

            var text = item[(equals + 1)..];
            Expr expr;
            try
            {
                expr = ExpressionParser.Parse(text);
            }
            catch (ExpressionException e)
            {
                throw new ExpressionException($"{option} {name}: {e.Message}", e.Position);
            }

            var snapshot = new Dictionary<string, double>(values, StringComparer.Ordinal);
            var value = ExpressionCompiler.CompileScalar(expr, n =>
                snapshot.TryGetValue(n.Name, out var v) ? new NameBinding.Constant(v)
                : PhysicalConstants.TryGet(n.Name, out var c) ? new NameBinding.Constant(c)
                : throw new ExpressionException($"{option} {name}: unknown name '{n.Name}' in '{text}'; a value may use numbers, constants ({string.Join(", ", PhysicalConstants.All.Select(k => k.Name))}) and names given before it", n.Position))(0, []);
            if (!double.IsFinite(value))
            {
                throw new ExpressionException($"{option} {name}={text} is not a finite number", -1);
            }

            values[name] = value;
        }

        return values;
    }

    private static bool IsName(string name)
    {
        var core = name.TrimEnd('\'');
        return core.Length > 0 && ExpressionParser.IsNameStart(core[0]) && core.All(ExpressionParser.IsNamePart);
    }
}
