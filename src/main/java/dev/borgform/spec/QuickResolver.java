package dev.borgform.spec;

import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's own tag resolution, answering the common cases of a large spec without its regular
 * expressions. SnakeYAML tries, for every plain scalar, the expressions listed under the scalar's
 * first character and then two for any first character (the null forms); a spec of 10,000 keys and
 * 10,000 repos has some 300,000 scalars, and those expressions were a tenth of loading it. The
 * answers are the same as SnakeYAML's ({@code QuickResolverTest} compares them on every YAML 1.1
 * form and on random text):
 *
 * <ul>
 *   <li>a value longer than {@link #ANY_FIRST_LIMIT} whose first character starts no implicit form
 *       (a name, a key line, most text) is text: the forms for any first character are tried by
 *       SnakeYAML only on values of at most that many characters;
 *   <li>short values (mapping keys such as {@code name}, regions, quotas, numbers) repeat, so each
 *       answer is kept for the rest of the file.
 * </ul>
 */
final class QuickResolver extends Resolver {
  /** The length limit SnakeYAML gives the null forms it tries on any first character. */
  static final int ANY_FIRST_LIMIT = 10;

  /** Values up to this long are remembered; longer ones rarely repeat. */
  private static final int REMEMBERED_LENGTH = 24;

  /** A bound on what is remembered, so a file of many distinct short values stays cheap. */
  private static final int REMEMBERED_VALUES = 4096;

  private final Map<String, Tag> remembered = new HashMap<>();

  @Override
  public Tag resolve(NodeId kind, String value, boolean implicit) {
    if (kind != NodeId.scalar || !implicit) return super.resolve(kind, value, implicit);
    if (value.length() > ANY_FIRST_LIMIT && !yamlImplicitResolvers.containsKey(value.charAt(0))) {
      return Tag.STR;
    }
    if (value.length() > REMEMBERED_LENGTH) return super.resolve(kind, value, true);
    Tag known = remembered.get(value);
    if (known != null) return known;
    Tag tag = super.resolve(kind, value, true);
    if (remembered.size() < REMEMBERED_VALUES) remembered.put(value, tag);
    return tag;
  }
}
