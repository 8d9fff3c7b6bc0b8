using System.Collections.Generic;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation;

/// <summary>
/// Every name in one generated method: the contract's parameter names first, then the user's locals
/// (renamed only where two scopes reused a name or a local would shadow a generated parameter), then
/// generated names, each checked against all the others so nothing can collide.
/// </summary>
internal sealed class NameTable
{
    private readonly HashSet<string> _taken = new();
    private readonly string[] _variableNames;

    public NameTable(MethodModel model)
    {
        _variableNames = new string[model.Variables.Count];
        foreach (var parameter in model.Parameters)
        {
            _taken.Add(parameter.Name);
            _variableNames[parameter.VariableId] = Naming.Escape(parameter.Name);
            if (parameter.GradientName is not null)
            {
                _taken.Add(parameter.GradientName);
            }
        }

        _taken.Add(model.SeedName);
        foreach (var variable in model.Variables)
        {
            if (variable.Kind != VariableKind.Parameter)
            {
                _variableNames[variable.Id] = Fresh(variable.Name);
            }
        }
    }

    private readonly Dictionary<string, int> _counters = new();

    public string Variable(int id) => _variableNames[id];

    /// <summary>The first free of prefix0, prefix1, …: short names for the many temporaries of a sweep.</summary>
    public string FreshNumbered(string prefix)
    {
        _counters.TryGetValue(prefix, out var next);
        string name;
        do
        {
            name = prefix + next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            next++;
        }
        while (_taken.Contains(name));

        _counters[prefix] = next;
        _taken.Add(name);
        return name;
    }

    /// <summary>A name not used anywhere in the method yet (the base name itself when free).</summary>
    public string Fresh(string baseName)
    {
        var name = Naming.Unique(baseName, _taken);
        _taken.Add(name);
        return Naming.Escape(name);
    }
}
