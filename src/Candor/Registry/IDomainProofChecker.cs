namespace Candor.Registry;

/// <summary>Checks that whoever controls a domain published an owner's proof text (injectable, so tests use loopback servers).</summary>
public interface IDomainProofChecker
{
    /// <summary>Looks for <paramref name="proofText"/> (<c>candor-consent=TOKEN</c>) at <paramref name="domain"/>; never throws for network problems (they are a failed result).</summary>
    Task<DomainProofResult> CheckAsync(string domain, string proofText, CancellationToken cancellationToken = default);
}
