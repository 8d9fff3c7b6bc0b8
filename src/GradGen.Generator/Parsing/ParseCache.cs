using System.Collections.Generic;
using System.Threading;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GradGen.Generator.Parsing;

/// <summary>
/// ForAttributeWithMetadataName runs its transform for every [Differentiable] method whenever the compilation
/// changes, i.e. on each keystroke, and binding a method body is most of the generator's cost. A method with the
/// same text at the same place in the same file, in a compilation with an equal <see cref="DeclarationFingerprint"/>,
/// binds exactly as before, so its earlier result is returned.
/// Entries live two generations: a result not asked for while one whole compilation is processed is dropped, so typing
/// inside a method does not accumulate a result per keystroke.
/// </summary>
internal sealed class ParseCache
{
    private readonly object _gate = new();
    private DeclarationFingerprint? _fingerprint;
    private Dictionary<MethodKey, ParseResult> _current = new();
    private Dictionary<MethodKey, ParseResult> _previous = new();

    /// <summary>How many methods were actually parsed (cache misses); for tests.</summary>
    public int Misses { get; private set; }

    /// <summary>Results held (both generations); for tests.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _current.Count + _previous.Count;
            }
        }
    }

    public ParseResult GetOrParse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var fingerprint = DeclarationFingerprint.Of(context.SemanticModel.Compilation, cancellationToken);
        var node = context.TargetNode;
        var key = new MethodKey(node.SyntaxTree.FilePath, node.Span, node.SyntaxTree.GetLineSpan(node.Span, cancellationToken).Span, node.ToString());
        lock (_gate)
        {
            if (!ReferenceEquals(fingerprint, _fingerprint))
            {
                // A new compilation: keep last generation's results only if its declarations are the same.
                _previous = fingerprint.Equals(_fingerprint) ? _current : new Dictionary<MethodKey, ParseResult>();
                _current = new Dictionary<MethodKey, ParseResult>();
                _fingerprint = fingerprint;
            }

            if (_current.TryGetValue(key, out var result))
            {
                return result;
            }

            if (_previous.TryGetValue(key, out result))
            {
                _current[key] = result;
                return result;
            }

            Misses++;
        }

        var parsed = MethodParser.Parse(context, cancellationToken);
        lock (_gate)
        {
            if (ReferenceEquals(fingerprint, _fingerprint))
            {
                _current[key] = parsed;
            }
        }

        return parsed;
    }

    private readonly record struct MethodKey(string FilePath, TextSpan Span, LinePositionSpan Lines, string Text);
}
