package io.bdpaas.notebook;

import io.bdpaas.api.BdpaasException;
import io.bdpaas.api.PageRequest;
import io.bdpaas.console.FormErrors;
import io.bdpaas.project.Project;
import io.bdpaas.project.ProjectId;
import io.bdpaas.project.ProjectService;
import io.bdpaas.tenancy.Caller;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's notebook pages: a project's notebooks (create, import, rename, duplicate, export,
 * delete) and one notebook, whose paragraphs the page's script edits and runs through the REST API
 * ({@code static/js/notebook.js}).
 */
@Controller
public class NotebookPageController {
  private static final int PAGE_SIZE = 50;

  private final NotebookService notebooks;
  private final ProjectService projects;

  public NotebookPageController(NotebookService notebooks, ProjectService projects) {
    this.notebooks = notebooks;
    this.projects = projects;
  }

  @GetMapping("/projects/{projectId}/notebooks")
  public String list(
      Caller caller,
      @PathVariable String projectId,
      @RequestParam(defaultValue = "0") int page,
      Model model) {
    return list(caller, project(projectId), Math.max(page, 0), "", null, model);
  }

  @PostMapping("/projects/{projectId}/notebooks")
  public String create(
      Caller caller,
      @PathVariable String projectId,
      @RequestParam(defaultValue = "") String name,
      Model model,
      RedirectAttributes redirect) {
    ProjectId project = project(projectId);
    String chosen = name.strip();
    try {
      requireValidName(chosen);
      SavedNotebook created = notebooks.create(caller, project, Notebook.empty(chosen));
      redirect.addFlashAttribute("notice", "Notebook " + chosen + " created.");
      return "redirect:" + path(created);
    } catch (BdpaasException e) {
      return list(caller, project, 0, chosen, FormErrors.of(e), model);
    }
  }

  @PostMapping("/projects/{projectId}/notebooks/{notebookId}/rename")
  public String rename(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable NotebookId notebookId,
      @RequestParam(defaultValue = "") String name,
      RedirectAttributes redirect) {
    ProjectId project = project(projectId);
    SavedNotebook current = notebooks.get(caller, project, notebookId);
    String chosen = name.strip();
    try {
      requireValidName(chosen);
      notebooks.change(caller, project, notebookId, notebook -> notebook.renamed(chosen));
      redirect.addFlashAttribute(
          "notice", "Notebook " + current.notebook().name() + " renamed to " + chosen + ".");
    } catch (BdpaasException e) {
      redirect.addFlashAttribute(
          "error", "Notebook " + current.notebook().name() + " not renamed: " + e.getMessage());
    }
    return "redirect:/projects/" + project + "/notebooks";
  }

  @PostMapping("/projects/{projectId}/notebooks/{notebookId}/duplicate")
  public String duplicate(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable NotebookId notebookId,
      RedirectAttributes redirect) {
    ProjectId project = project(projectId);
    SavedNotebook copy = notebooks.duplicate(caller, project, notebookId, Optional.empty());
    redirect.addFlashAttribute(
        "notice", "Notebook copied as " + copy.notebook().name() + " (without its results).");
    return "redirect:/projects/" + project + "/notebooks";
  }

  @PostMapping("/projects/{projectId}/notebooks/{notebookId}/delete")
  public String delete(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable NotebookId notebookId,
      RedirectAttributes redirect) {
    ProjectId project = project(projectId);
    SavedNotebook deleted = notebooks.get(caller, project, notebookId);
    notebooks.delete(caller, project, notebookId);
    redirect.addFlashAttribute(
        "notice", "Notebook " + deleted.notebook().name() + " and its results are deleted.");
    return "redirect:/projects/" + project + "/notebooks";
  }

  @GetMapping("/projects/{projectId}/notebooks/{notebookId}")
  public String notebook(
      Caller caller,
      @PathVariable String projectId,
      @PathVariable NotebookId notebookId,
      Model model) {
    ProjectId id = project(projectId);
    Project project = projects.get(caller, id);
    SavedNotebook notebook = notebooks.get(caller, id, notebookId);
    model.addAttribute("project", project);
    model.addAttribute("notebook", notebook);
    return "notebooks/notebook";
  }

  private String list(
      Caller caller, ProjectId id, int page, String name, FormErrors errors, Model model) {
    Project project = projects.get(caller, id);
    model.addAttribute("project", project);
    model.addAttribute("notebooks", notebooks.list(caller, id, new PageRequest(page, PAGE_SIZE)));
    model.addAttribute("name", name);
    model.addAttribute("errors", errors);
    return "notebooks/list";
  }

  private static void requireValidName(String name) {
    Notebook.nameProblem(name)
        .ifPresent(
            problem -> {
              throw BdpaasException.invalid("name", problem);
            });
  }

  private static String path(SavedNotebook notebook) {
    return "/projects/" + notebook.projectId() + "/notebooks/" + notebook.id().value();
  }

  /** A malformed project id names no project: not found, like another user's. */
  private static ProjectId project(String id) {
    if (!ProjectId.isValid(id)) {
      throw BdpaasException.notFound("Project", id);
    }
    return new ProjectId(id);
  }
}
