using Candor.C2pa;
using Xunit.Abstractions;

namespace Candor.Tests.C2pa;

public class ExploreDump(ITestOutputHelper output)
{
    [SkippableFact]
    public void Dump()
    {
        var root = Corpus.Path("");
        var files = Directory.GetFiles(Path.Combine(root, "c2pa"), "*", SearchOption.AllDirectories).Where(f => !f.Contains("certs") && !f.EndsWith(".md") && !f.EndsWith(".json"))
            .Concat(new[] { "generators/openai/DALL-E_cloud_surfing_puppy.webp", "generators/adobe-firefly/photoshop-generative-fill_splash-banner.png", "generators/amazon-titan/amazon-titan-g1.png", "generators/google-gemini/gemini_3.1pro.png", "generators/bing-image-creator/bing_creator_cloud_surfing_puppy.jpg" }.Select(f => Path.Combine(root, f)));
        foreach (var f in files.OrderBy(x => x))
        {
            var jumbf = EmbeddedStore.Find(File.ReadAllBytes(f));
            output.WriteLine($"=== {Path.GetRelativePath(root, f)}: {(jumbf is null ? "no store" : jumbf.Length + " bytes")}");
            if (jumbf is null) continue;
            try
            {
                var store = ManifestStoreReader.Read(jumbf);
                foreach (var p in store.Problems) output.WriteLine("  store problem: " + p);
                foreach (var m in store.Manifests)
                {
                    output.WriteLine($"  {m.Kind} {m.Label} v{m.ClaimVersion} gen='{m.ClaimGenerator}' info=[{string.Join("; ", m.ClaimGeneratorInfo)}] title='{m.Title}' fmt={m.Format}");
                    output.WriteLine($"    sig: {m.Signature?.Algorithm} {m.Signature?.CertificateSource} subj={m.Signature?.SubjectCommonName}/{m.Signature?.SubjectOrganization} iss={m.Signature?.IssuerCommonName}/{m.Signature?.IssuerOrganization}");
                    output.WriteLine($"    assertions: {string.Join(", ", m.AssertionLabels)}");
                    foreach (var a in m.Actions) output.WriteLine($"    action {a.Action} agent={a.SoftwareAgent} dst={a.DigitalSourceType} when={a.When} desc={a.Description}");
                    foreach (var i in m.Ingredients) output.WriteLine($"    ingr {i.Relationship} '{i.Title}' {i.Format} active={i.ActiveManifest}");
                    foreach (var t in m.TrainingMining) output.WriteLine($"    tm {t.Key}={t.Use} {t.ConstraintInfo}");
                    if (m.Authors.Count > 0) output.WriteLine($"    authors {string.Join(", ", m.Authors)}");
                    foreach (var p in m.Problems) output.WriteLine("    problem: " + p);
                }
            }
            catch (CandorFormatException e)
            {
                output.WriteLine("  FORMAT ERROR " + e.Describe());
            }
        }
    }
}
