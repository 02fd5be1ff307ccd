-- Cross-references written the way JupyterLab reads them, turned into Quarto's.
--
-- A chapter notebook has no `@fig-x` references or `{#eq-x}` labels, which JupyterLab
-- would show as text (scripts/number_references.py writes their numbers in):
--   * a reference is a link whose target is a label, in this chapter or in another
--     chapter's notebook: [Figure 11.2](#fig-rates-excess),
--     [Equation 10.5](10-shape-of-the-valley.ipynb#eq-valley-decay);
--     it becomes the citation @fig-rates-excess, which Quarto numbers and links;
--   * an equation's label is a comment after its display maths, with the number as a tag:
--       $$ x = 1 \tag{11.3} $$ <!-- #eq-rates-best -->
--     it becomes the attribute {#eq-rates-best} and the tag goes, since Quarto adds its own.
-- Quarto must see both before it resolves references: _quarto.yml runs this filter
-- `at: pre-ast`. It uses only Pandoc's Lua API, so plain pandoc runs it in the tests.

local KINDS = {fig = true, tbl = true, eq = true}

function Link(link)
  local label = link.target:match("^[%w%-_]*%.?[%w]*#(%a+%-[%w%-_]+)$")
  if not (label and KINDS[label:match("^(%a+)%-")]) then
    return nil
  end
  return pandoc.Cite({pandoc.Str("@" .. label)}, {pandoc.Citation(label, "NormalCitation")})
end

local function equation_label(inline)
  if inline.t == "RawInline" and inline.format == "html" then
    return inline.text:match("^<!%-%- #(eq%-[%w%-_]+) %-%->$")
  end
  return nil
end

local function labelled_equations(inlines)
  for i, inline in ipairs(inlines) do
    local label = equation_label(inline)
    if label then
      inlines[i] = pandoc.Str("{#" .. label .. "}")
      for j = i - 1, 1, -1 do
        if inlines[j].t == "Math" and inlines[j].mathtype == "DisplayMath" then
          inlines[j].text = inlines[j].text:gsub("%s*\\tag%b{}%s*$", "")
          break
        end
      end
    end
  end
  return inlines
end

function Para(para)
  para.content = labelled_equations(para.content)
  return para
end

function Plain(plain)
  plain.content = labelled_equations(plain.content)
  return plain
end
