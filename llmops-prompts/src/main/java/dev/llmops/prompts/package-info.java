/**
 * Versioned prompts: prompt files, a registry with labels, strict rendering and A/B experiments.
 *
 * <h2>The prompt file</h2>
 * A file {@code <name>/<version>.prompt} holds YAML front matter between two {@code ---} lines, then the template:
 * <pre>
 * ---
 * description: Answers a customer's support question.
 * author: ana                       # who wrote this version
 * message: Add few-shot examples.   # what changed in it
 * model:
 *   id: gpt-4o-mini                 # or simply  model: gpt-4o-mini
 *   parameters: {temperature: 0.2, max_tokens: 300}   # also top_p, stop, seed
 * inputs:
 *   question: {type: string, description: the customer's question}   # required: no default
 *   tone: {type: string, default: friendly, enum: [friendly, formal]}
 *   examples: {type: list, default: []}
 *   vip: boolean                    # shorthand: a required boolean
 * output:
 *   schema: {type: object, properties: {answer: {type: string}}, required: [answer]}
 *   # or  type: com.example.Answer  (a record; its schema is derived and sent strict)
 * tags: [support]
 * tests:
 *   - name: mentions the refund window
 *     inputs: {question: How long can I return items?}
 *     assert: [{contains: 30 days}, {not-contains: sorry}, {regex: "\\d+ days"}, {json-schema-valid: true}]
 * ---
 * system:
 * You are a {{tone}} support agent.
 * {{&gt; safety@2}}                    partials: name@version (pinned), name:label, or name (its production label)
 * {{#vip}}Offer express shipping.{{/vip}}{{^vip}}Standard shipping only.{{/vip}}
 * {{#examples}}
 * user:
 * {{question}}
 * assistant:
 * {{answer}}
 * {{/examples}}
 * user:
 * {{question}}
 * </pre>
 * Lines holding only {@code system:}, {@code user:} or {@code assistant:} start messages (a template without them
 * is one user message); a value can never start one. {@code name} and {@code version} may be given in the front
 * matter and must then match the path. Types: {@code string}, {@code integer}, {@code number}, {@code boolean},
 * {@code list}, {@code object}, {@code any}. Values are not HTML-escaped. Every name the template uses outside
 * list and object sections must be declared, which is checked when the file loads. Microsoft Prompty files
 * ({@code .prompty}) are read too: their {@code model.configuration}, {@code model.parameters}, {@code inputs},
 * {@code outputs}, {@code sample}, {@code authors} and {@code tags} are mapped, and Jinja2 control blocks are
 * refused with the Mustache to write instead.
 *
 * <h2>Next to the prompt directories</h2>
 * {@code labels.yaml} (label to version, per prompt), {@code labels.audit.jsonl} (every label change) and
 * {@code prompts.lock} (the hash and text of every released version); see {@link dev.llmops.prompts.PromptRegistry}.
 */
package dev.llmops.prompts;
